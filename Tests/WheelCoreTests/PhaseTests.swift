import Testing
import WheelCore

@Suite("Round phases")
struct PhaseTests {
    @Test("Opening an idle round opens it and makes it the active one", arguments: RoundKind.allCases)
    func open(round: RoundKind) throws {
        var h = Harness()
        #expect(h.workshop.phase(round) == .idle)
        #expect(try h.facilitator(.openRound(round)) == [.roundOpened(round)])
        #expect(h.workshop.phase(round) == .open)
        #expect(h.workshop.activeRound == round)
    }

    static func vote(in round: RoundKind) -> Command {
        switch round {
        case .importance, .level: .rate(round: round, competence: Wheel.data, value: 3)
        case .dots: .setDots(competence: Wheel.data, count: 1)
        case .points: .allocatePoints([Wheel.data: 100])
        case .ideas: .submitIdea(idea: "i1", text: "Idé", competence: nil)
        }
    }

    @Test("A vote is taken only while its round is open", arguments: RoundKind.allCases, [RoundPhase.idle, .open, .closed, .revealed])
    func votesNeedOpenRound(round: RoundKind, phase: RoundPhase) throws {
        var h = Harness()
        try h.join("p1")
        try h.setPhase(round, phase)
        if phase == .open {
            #expect(try h.participant("p1", Self.vote(in: round)).count == 1)
        } else {
            let error = refusal { try h.participant("p1", Self.vote(in: round)) }
            #expect(error == .roundNotOpen(round))
            #expect(error?.code == "round_closed")
        }
    }

    @Test("Opening a second round closes the first")
    func openSecondClosesFirst() throws {
        var h = Harness()
        try h.facilitator(.openRound(.importance))
        #expect(try h.facilitator(.openRound(.level)) == [.roundClosed(.importance), .roundOpened(.level)])
        #expect(h.workshop.phase(.importance) == .closed)
        #expect(h.workshop.phase(.level) == .open)
        #expect(h.workshop.activeRound == .level)
        #expect(RoundKind.allCases.filter { h.workshop.phase($0) == .open } == [.level])
        // A revealed round is not touched by opening another.
        try h.facilitator(.revealRound(.level))
        #expect(try h.facilitator(.openRound(.dots)) == [.roundOpened(.dots)])
        #expect(h.workshop.phase(.level) == .revealed)
    }

    @Test("Opening a round that is already open is refused")
    func openTwice() throws {
        var h = Harness()
        try h.facilitator(.openRound(.dots))
        let error = refusal { try h.facilitator(.openRound(.dots)) }
        #expect(error == .invalidTransition(round: .dots, from: .open, action: "open"))
        #expect(error?.code == "invalid_transition")
    }

    @Test("A closed or revealed round can be opened again", arguments: [RoundPhase.closed, .revealed])
    func reopenFromClosed(phase: RoundPhase) throws {
        var h = Harness()
        try h.join("p1")
        try h.setPhase(.importance, phase)
        try h.facilitator(.openRound(.importance))
        #expect(h.workshop.phase(.importance) == .open)
        try h.participant("p1", .rate(round: .importance, competence: Wheel.ai, value: 2))
    }

    @Test("Close works only on an open round")
    func close() throws {
        var h = Harness()
        #expect(refusal { try h.facilitator(.closeRound(.level)) }
            == .invalidTransition(round: .level, from: .idle, action: "close"))
        try h.facilitator(.openRound(.level))
        #expect(try h.facilitator(.closeRound(.level)) == [.roundClosed(.level)])
        #expect(h.workshop.phase(.level) == .closed)
        #expect(refusal { try h.facilitator(.closeRound(.level)) }
            == .invalidTransition(round: .level, from: .closed, action: "close"))
        try h.facilitator(.revealRound(.level))
        #expect(refusal { try h.facilitator(.closeRound(.level)) }
            == .invalidTransition(round: .level, from: .revealed, action: "close"))
    }

    @Test("Reveal from open closes then reveals; from closed it reveals", arguments: RoundKind.allCases)
    func reveal(round: RoundKind) throws {
        var h = Harness()
        try h.facilitator(.openRound(round))
        #expect(try h.facilitator(.revealRound(round)) == [.roundClosed(round), .roundRevealed(round)])
        #expect(h.workshop.phase(round) == .revealed)

        var other = Harness()
        try other.facilitator(.openRound(round))
        try other.facilitator(.closeRound(round))
        #expect(try other.facilitator(.revealRound(round)) == [.roundRevealed(round)])
        #expect(other.workshop.phase(round) == .revealed)
    }

    @Test("Reveal is refused while the round is idle or already revealed")
    func revealRefused() throws {
        var h = Harness()
        let error = refusal { try h.facilitator(.revealRound(.points)) }
        #expect(error == .invalidTransition(round: .points, from: .idle, action: "reveal"))
        #expect(error?.code == "invalid_transition")
        try h.facilitator(.openRound(.points))
        try h.facilitator(.revealRound(.points))
        #expect(refusal { try h.facilitator(.revealRound(.points)) }
            == .invalidTransition(round: .points, from: .revealed, action: "reveal"))
    }

    /// Answers in every round from two participants.
    private func everyRoundAnswered() throws -> Harness {
        var h = Harness()
        try h.join("p1")
        try h.join("p2")
        for round in RoundKind.allCases {
            try h.facilitator(.openRound(round))
            for p in ["p1", "p2"] {
                switch round {
                case .importance, .level:
                    try h.participant(p, .rate(round: round, competence: Wheel.data, value: 4))
                case .dots:
                    try h.participant(p, .setDots(competence: Wheel.phishing, count: 2))
                case .points:
                    try h.participant(p, .allocatePoints([Wheel.ai: 100]))
                case .ideas:
                    try h.participant(p, .submitIdea(idea: "idea-\(p)", text: "Idé", competence: nil))
                }
            }
            try h.facilitator(.closeRound(round))
        }
        try h.facilitator(.openRound(.points))
        return h
    }

    private func answers(_ round: RoundKind, in workshop: Workshop) -> Int {
        switch round {
        case .importance, .level: (workshop.ratings[round] ?? [:]).values.map(\.count).reduce(0, +)
        case .dots: workshop.dots.values.map(\.count).reduce(0, +)
        case .points: workshop.points.values.map(\.count).reduce(0, +)
        case .ideas: workshop.ideas.count
        }
    }

    @Test("Reset discards that round's answers only and makes it idle", arguments: RoundKind.allCases)
    func reset(round: RoundKind) throws {
        var h = try everyRoundAnswered()
        for kind in RoundKind.allCases { #expect(answers(kind, in: h.workshop) == 2) }

        #expect(try h.facilitator(.resetRound(round)) == [.roundReset(round)])
        #expect(h.workshop.phase(round) == .idle)
        for kind in RoundKind.allCases {
            #expect(answers(kind, in: h.workshop) == (kind == round ? 0 : 2), "\(kind) after resetting \(round)")
            #expect(h.workshop.answeredCount(kind) == (kind == round ? 0 : 2))
        }
        // Points was the active (open) round: resetting it clears the active round, others leave it.
        #expect(h.workshop.activeRound == (round == .points ? nil : .points))
        #expect(h.workshop.phase(.points) == (round == .points ? .idle : .open))
        // Participants are not answers.
        #expect(h.workshop.participants.count == 2)
    }

    @Test("A reset round can be opened and answered again", arguments: [RoundPhase.open, .closed, .revealed])
    func reopenAfterReset(phase: RoundPhase) throws {
        var h = Harness()
        try h.join("p1")
        try h.facilitator(.openRound(.level))
        try h.participant("p1", .rate(round: .level, competence: Wheel.data, value: 1))
        try h.setPhase(.level, phase)
        try h.facilitator(.resetRound(.level))
        #expect(refusal { try h.participant("p1", .rate(round: .level, competence: Wheel.data, value: 5)) }
            == .roundNotOpen(.level))
        try h.facilitator(.openRound(.level))
        try h.participant("p1", .rate(round: .level, competence: Wheel.kommunikation, value: 5))
        #expect(h.workshop.ratings[.level]?["p1"] == [Wheel.kommunikation: 5])
        #expect(h.workshop.tally().competence(Wheel.data)?.level.count == 0)
    }
}
