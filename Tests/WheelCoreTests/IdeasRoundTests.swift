import Testing
import WheelCore

@Suite("Ideas round")
struct IdeasRoundTests {
    private func openIdeas() throws -> Harness {
        var h = Harness()
        try h.join("p1")
        try h.join("p2")
        try h.facilitator(.openRound(.ideas))
        return h
    }

    @Test("An idea is trimmed and held as pending")
    func trimmedAndPending() throws {
        var h = try openIdeas()
        let events = try h.participant(
            "p1", .submitIdea(idea: "i1", text: "  \n Superbrugere i hver afdeling\t ", competence: Wheel.data))
        #expect(events == [.ideaSubmitted(idea: "i1", participant: "p1", text: "Superbrugere i hver afdeling", competence: Wheel.data)])
        let idea = try #require(h.workshop.ideas.first)
        #expect(h.workshop.ideas.count == 1)
        #expect(idea.id == "i1")
        #expect(idea.participant == "p1")
        #expect(idea.text == "Superbrugere i hver afdeling")
        #expect(idea.competence == Wheel.data)
        #expect(idea.status == .pending)
        #expect(h.workshop.answers(of: "p1").ideas.map(\.id) == ["i1"])
        #expect(h.workshop.answers(of: "p2").ideas.isEmpty)
    }

    @Test("An idea without a competence is accepted")
    func noCompetence() throws {
        var h = try openIdeas()
        try h.participant("p1", .submitIdea(idea: "i1", text: "Kaffe og kode", competence: nil))
        #expect(h.workshop.ideas.first?.competence == nil)
    }

    @Test("Empty or blank text is refused", arguments: ["", " ", "\n\t  \n"])
    func empty(text: String) throws {
        var h = try openIdeas()
        let error = refusal { try h.participant("p1", .submitIdea(idea: "i1", text: text, competence: nil)) }
        #expect(error == .emptyText(field: "idea"))
        #expect(error?.code == "empty_text")
        #expect(h.workshop.ideas.isEmpty)
    }

    @Test("280 characters are accepted, 281 refused; the limit counts characters after trimming",
          arguments: ["x", "æ", "👩‍💻"] as [Character])
    func length(character: Character) throws {
        var h = try openIdeas()
        try h.participant("p1", .submitIdea(idea: "i280", text: text(280, of: character), competence: nil))
        try h.participant("p1", .submitIdea(idea: "padded", text: "   " + text(280, of: character) + "  ", competence: nil))
        let error = refusal { try h.participant("p1", .submitIdea(idea: "i281", text: text(281, of: character), competence: nil)) }
        #expect(error == .textTooLong(field: "idea", limit: 280))
        #expect(error?.code == "text_too_long")
        #expect(h.workshop.ideas.map(\.id) == ["i280", "padded"])
        #expect(h.workshop.ideas.last?.text.count == 280)
    }

    @Test("At most 20 ideas per participant")
    func perParticipantLimit() throws {
        var h = try openIdeas()
        for n in 1...20 {
            try h.participant("p1", .submitIdea(idea: "p1-\(n)", text: "Idé \(n)", competence: nil))
        }
        let error = refusal { try h.participant("p1", .submitIdea(idea: "p1-21", text: "En til", competence: nil)) }
        #expect(error == .tooManyIdeas(limit: 20))
        #expect(error?.code == "too_many_ideas")
        // Someone else still can.
        try h.participant("p2", .submitIdea(idea: "p2-1", text: "Min idé", competence: nil))
        #expect(h.workshop.ideas.count == 21)
        #expect(h.workshop.tally().ideas == 21)
        #expect(h.workshop.answeredCount(.ideas) == 2)
    }

    @Test("Unknown competence and a round that is not open are refused")
    func unknownAndClosed() throws {
        var h = try openIdeas()
        #expect(refusal { try h.participant("p1", .submitIdea(idea: "i1", text: "Hej", competence: "nope")) }
            == .unknownCompetence("nope"))
        try h.facilitator(.closeRound(.ideas))
        #expect(refusal { try h.participant("p1", .submitIdea(idea: "i1", text: "Hej", competence: nil)) }
            == .roundNotOpen(.ideas))
    }

    @Test("The facilitator approves and rejects; an unknown idea is refused")
    func moderation() throws {
        var h = try openIdeas()
        try h.participant("p1", .submitIdea(idea: "i1", text: "Første", competence: nil))
        try h.participant("p2", .submitIdea(idea: "i2", text: "Anden", competence: nil))
        try h.participant("p2", .submitIdea(idea: "i3", text: "Tredje", competence: nil))

        #expect(try h.facilitator(.moderateIdea(idea: "i2", approve: true)) == [.ideaModerated(idea: "i2", status: .approved)])
        #expect(try h.facilitator(.moderateIdea(idea: "i3", approve: false)) == [.ideaModerated(idea: "i3", status: .rejected)])
        #expect(h.workshop.ideas.map(\.status) == [.pending, .approved, .rejected])

        // A decision can be changed; moderation works after the round closed too.
        try h.facilitator(.closeRound(.ideas))
        try h.facilitator(.moderateIdea(idea: "i3", approve: true))
        #expect(h.workshop.ideas.map(\.status) == [.pending, .approved, .approved])

        let error = refusal { try h.facilitator(.moderateIdea(idea: "nope", approve: true)) }
        #expect(error == .unknownIdea("nope"))
        #expect(error?.code == "unknown_idea")
        // A participant cannot moderate.
        #expect(refusal { try h.participant("p1", .moderateIdea(idea: "i1", approve: true)) } == .notFacilitator)
        #expect(h.workshop.ideas[0].status == .pending)
    }
}
