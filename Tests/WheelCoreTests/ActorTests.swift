import Testing
import WheelCore

@Suite("Who may send what")
struct ActorTests {
    static let facilitatorCommands: [Command] = [
        .openRound(.importance), .closeRound(.importance), .revealRound(.level), .resetRound(.dots),
        .moderateIdea(idea: "i1", approve: true), .focus(.lobby),
        .proxy(participant: "proxy", .rate(round: .importance, competence: Wheel.data, value: 3)),
    ]

    private func workshop() throws -> Harness {
        var h = Harness()
        try h.join("p1", name: "Ole")
        try h.join("proxy", name: "Bent", proxy: true)
        try h.facilitator(.openRound(.importance))
        return h
    }

    @Test("A participant sending a facilitator command gets notFacilitator", arguments: facilitatorCommands)
    func notFacilitator(command: Command) throws {
        var h = try workshop()
        let version = h.workshop.version
        let error = refusal { try h.participant("p1", command) }
        #expect(error == .notFacilitator)
        #expect(error?.code == "not_facilitator")
        #expect(h.workshop.version == version)
    }

    @Test("A proxy participant cannot send facilitator commands themselves")
    func proxyIsNotFacilitator() throws {
        var h = try workshop()
        #expect(refusal { try h.participant("proxy", .openRound(.dots)) } == .notFacilitator)
    }

    @Test("An unknown participant is refused", arguments: [
        Command.rate(round: .importance, competence: Wheel.data, value: 3), .rename("Hans"),
    ])
    func unknownParticipant(command: Command) throws {
        var h = try workshop()
        let error = refusal { try h.participant("ghost", command) }
        #expect(error == .unknownParticipant("ghost"))
        #expect(error?.code == "unknown_participant")
    }

    @Test("The facilitator cannot vote directly", arguments: [
        Command.rate(round: .importance, competence: Wheel.data, value: 3),
        .setDots(competence: Wheel.data, count: 1), .allocatePoints([Wheel.data: 100]),
        .submitIdea(idea: "i", text: "x", competence: nil), .rename("F"),
    ])
    func facilitatorCannotVote(command: Command) throws {
        var h = try workshop()
        #expect(refusal { try h.facilitator(command) }?.code == "invalid_value")
    }

    @Test("The facilitator votes through a proxy participant")
    func proxyVote() throws {
        var h = try workshop()
        let events = try h.facilitator(.proxy(participant: "proxy", .rate(round: .importance, competence: Wheel.data, value: 4)))
        #expect(events == [.rated(participant: "proxy", round: .importance, competence: Wheel.data, value: 4)])
        #expect(h.workshop.ratings[.importance]?["proxy"] == [Wheel.data: 4])
        #expect(h.workshop.tally().competence(Wheel.data)?.importance.count == 1)

        // Every voting command works through a proxy.
        try h.facilitator(.openRound(.dots))
        try h.facilitator(.proxy(participant: "proxy", .setDots(competence: Wheel.ai, count: 2)))
        try h.facilitator(.openRound(.points))
        try h.facilitator(.proxy(participant: "proxy", .allocatePoints([Wheel.ai: 100])))
        try h.facilitator(.openRound(.ideas))
        try h.facilitator(.proxy(participant: "proxy", .submitIdea(idea: "i1", text: "Papir", competence: nil)))
        let answers = h.workshop.answers(of: "proxy")
        #expect(answers.dots == [Wheel.ai: 2])
        #expect(answers.points == [Wheel.ai: 100])
        #expect(answers.ideas.map(\.participant) == ["proxy"])
    }

    @Test("A proxy vote follows the same rules as any vote")
    func proxyVoteValidated() throws {
        var h = try workshop()
        #expect(refusal { try h.facilitator(.proxy(participant: "proxy", .rate(round: .importance, competence: Wheel.data, value: 6))) }?
            .code == "invalid_value")
        #expect(refusal { try h.facilitator(.proxy(participant: "proxy", .rate(round: .level, competence: Wheel.data, value: 3))) }
            == .roundNotOpen(.level))
    }

    @Test("Proxy voting is refused for a participant who did not join as a proxy, or is unknown",
          arguments: ["p1", "ghost"])
    func proxyOnlyForProxies(participant: String) throws {
        var h = try workshop()
        let error = refusal {
            try h.facilitator(.proxy(participant: participant, .rate(round: .importance, competence: Wheel.data, value: 4)))
        }
        #expect(error == .unknownParticipant(participant))
        #expect(h.workshop.ratings[.importance]?[participant] == nil)
    }

    @Test("A proxy can only vote", arguments: [
        Command.openRound(.dots), .closeRound(.importance), .revealRound(.importance), .resetRound(.importance),
        .moderateIdea(idea: "i1", approve: true), .focus(.lobby),
        .proxy(participant: "proxy", .rate(round: .importance, competence: Wheel.data, value: 3)),
    ])
    func proxyOnlyVotes(inner: Command) throws {
        var h = try workshop()
        let version = h.workshop.version
        let error = refusal { try h.facilitator(.proxy(participant: "proxy", inner)) }
        #expect(error?.code == "invalid_value")
        #expect(h.workshop.version == version)
        #expect(h.workshop.phase(.importance) == .open)
    }

    @Test("Renaming trims; empty means anonymous; 41 characters are refused")
    func rename() throws {
        var h = try workshop()
        #expect(try h.participant("p1", .rename("  Ole Hansen ")) == [.renamed(participant: "p1", name: "Ole Hansen")])
        #expect(h.workshop.participants["p1"]?.name == "Ole Hansen")
        try h.participant("p1", .rename("   "))
        #expect(h.workshop.participants["p1"]?.name == nil)
        #expect(refusal { try h.participant("p1", .rename(text(41))) } == .textTooLong(field: "name", limit: 40))
        // Renaming needs no open round.
        try h.facilitator(.closeRound(.importance))
        try h.participant("p1", .rename(text(40)))
        #expect(h.workshop.participants["p1"]?.name == text(40))
    }
}
