import Testing
import WheelCore

@Suite("Importance and level rounds")
struct RatingRoundTests {
    static let ratingRounds: [RoundKind] = [.importance, .level]
    static let otherRounds: [RoundKind] = [.dots, .points, .ideas]

    private func openRound(_ round: RoundKind) throws -> Harness {
        var h = Harness()
        try h.join("p1")
        try h.join("p2")
        try h.facilitator(.openRound(round))
        return h
    }

    @Test("1-5 and 0 (don't know) are accepted and stored", arguments: ratingRounds, 0...5)
    func acceptsScaleAndDontKnow(round: RoundKind, value: Int) throws {
        var h = try openRound(round)
        let events = try h.participant("p1", .rate(round: round, competence: Wheel.data, value: value))
        #expect(events == [.rated(participant: "p1", round: round, competence: Wheel.data, value: value)])
        #expect(h.workshop.ratings[round]?["p1"]?[Wheel.data] == value)
        let answers = h.workshop.answers(of: "p1")
        #expect((round == .importance ? answers.importance : answers.level) == [Wheel.data: value])
        // The other rating round is untouched.
        #expect((round == .importance ? answers.level : answers.importance).isEmpty)
    }

    @Test("Values outside -1...5 are refused with invalidValue", arguments: ratingRounds, [-2, 6, 42, Int.min, Int.max])
    func refusesOutOfRange(round: RoundKind, value: Int) throws {
        var h = try openRound(round)
        let error = refusal { try h.participant("p1", .rate(round: round, competence: Wheel.data, value: value)) }
        guard case .invalidValue = error else {
            Issue.record("Expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(error?.code == "invalid_value")
        #expect(h.workshop.ratings[round]?["p1"] == nil)
        #expect(h.workshop.version == 3)  // two joins + opened: nothing applied
    }

    @Test("A rating for a non-rating round is refused with wrongRound, even while it is open", arguments: otherRounds)
    func wrongRound(round: RoundKind) throws {
        var h = try openRound(round)
        let error = refusal { try h.participant("p1", .rate(round: round, competence: Wheel.data, value: 3)) }
        #expect(error == .wrongRound(expected: "rating", got: round))
        #expect(error?.code == "wrong_round")
    }

    @Test("An unknown competence is refused", arguments: ratingRounds)
    func unknownCompetence(round: RoundKind) throws {
        var h = try openRound(round)
        // A dimension id is not a competence either.
        for id in ["nope", Wheel.anvendelse, ""] {
            let error = refusal { try h.participant("p1", .rate(round: round, competence: id, value: 3)) }
            #expect(error == .unknownCompetence(id))
            #expect(error?.code == "unknown_competence")
        }
    }

    @Test("Voting while the round is idle, closed or revealed is refused with round_closed",
          arguments: ratingRounds, [RoundPhase.idle, .closed, .revealed])
    func notOpen(round: RoundKind, phase: RoundPhase) throws {
        var h = Harness()
        try h.join("p1")
        if phase != .idle { try h.setPhase(round, phase) }
        #expect(h.workshop.phase(round) == phase)
        let error = refusal { try h.participant("p1", .rate(round: round, competence: Wheel.data, value: 3)) }
        #expect(error == .roundNotOpen(round))
        #expect(error?.code == "round_closed")
    }

    @Test("Only the open rating round takes ratings")
    func otherRatingRoundClosed() throws {
        var h = try openRound(.level)
        #expect(refusal { try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 3)) }
            == .roundNotOpen(.importance))
        try h.participant("p1", .rate(round: .level, competence: Wheel.data, value: 3))
    }

    @Test("A changed answer replaces the old one and is counted once", arguments: ratingRounds)
    func lastWriteWins(round: RoundKind) throws {
        var h = try openRound(round)
        try h.participant("p1", .rate(round: round, competence: Wheel.kommunikation, value: 2))
        try h.participant("p1", .rate(round: round, competence: Wheel.kommunikation, value: 5))
        try h.participant("p1", .rate(round: round, competence: Wheel.kommunikation, value: 4))
        try h.participant("p2", .rate(round: round, competence: Wheel.kommunikation, value: 2))

        #expect(h.workshop.ratings[round]?["p1"] == [Wheel.kommunikation: 4])
        let stats = try #require(h.workshop.tally().competence(Wheel.kommunikation))
        let rating = round == .importance ? stats.importance : stats.level
        #expect(rating.count == 2)
        #expect(rating.mean == 3.0)  // (4 + 2) / 2, not (2 + 5 + 4 + 2) / 4
        #expect(rating.distribution == [0, 1, 0, 1, 0])
        #expect(h.workshop.answeredCount(round) == 2)
        #expect(h.workshop.answeredPerCompetence(round) == [Wheel.kommunikation: 2])
    }

    @Test("Changing an answer to don't know moves it out of the numbers", arguments: ratingRounds)
    func changeToDontKnow(round: RoundKind) throws {
        var h = try openRound(round)
        try h.participant("p1", .rate(round: round, competence: Wheel.ai, value: 5))
        try h.participant("p1", .rate(round: round, competence: Wheel.ai, value: 0))
        let stats = try #require(h.workshop.tally().competence(Wheel.ai))
        let rating = round == .importance ? stats.importance : stats.level
        #expect(rating.count == 0)
        #expect(rating.dontKnow == 1)
        #expect(rating.mean == nil)
        // Still an answer: the participant has answered the round.
        #expect(h.workshop.answeredCount(round) == 1)
    }

    @Test("Answers survive closing and revealing the round", arguments: ratingRounds)
    func answersKeptAcrossPhases(round: RoundKind) throws {
        var h = try openRound(round)
        try h.participant("p1", .rate(round: round, competence: Wheel.phishing, value: 3))
        try h.facilitator(.closeRound(round))
        try h.facilitator(.revealRound(round))
        #expect(h.workshop.ratings[round]?["p1"] == [Wheel.phishing: 3])
    }
}
