import Testing
import WheelCore

@Suite("Backing and merging ideas")
struct IdeaBackingTests {
    /// p1 wrote i1 and i2, p2 wrote i3, p3 wrote i4 (pending); i1-i3 are approved; the round is open.
    private func wall(_ settings: WorkshopSettings = .defaults) throws -> Harness {
        var h = Harness(settings)
        for id in ["p1", "p2", "p3", "p4"] { try h.join(id) }
        try h.facilitator(.openRound(.ideas))
        try h.participant("p1", .submitIdea(idea: "i1", text: "Superbrugere", competence: Wheel.data))
        try h.participant("p1", .submitIdea(idea: "i2", text: "Kaffe og kode", competence: nil))
        try h.participant("p2", .submitIdea(idea: "i3", text: "Superbrugere i hver afdeling", competence: Wheel.data))
        try h.participant("p3", .submitIdea(idea: "i4", text: "Afventer", competence: nil))
        for id in ["i1", "i2", "i3"] { try h.facilitator(.moderateIdea(idea: id, approve: true)) }
        return h
    }

    @discardableResult
    private func back(_ h: inout Harness, _ who: String, _ idea: String, _ backed: Bool = true)
        throws(WorkshopError) -> [WorkshopEvent]
    {
        try h.participant(who, .backIdea(idea: idea, backed: backed))
    }

    @Test("Backing an approved idea counts once per participant; backing again changes nothing")
    func backOnce() throws {
        var h = try wall()
        #expect(try back(&h, "p2", "i1") == [.ideaBacked(participant: "p2", idea: "i1", backed: true)])
        #expect(try back(&h, "p2", "i1") == [])
        try back(&h, "p3", "i1")
        #expect(h.workshop.backing(of: "i1") == 2)
        #expect(h.workshop.answers(of: "p2").backed == ["i1"])
        #expect(h.workshop.answers(of: "p1").backed == [])
    }

    @Test("Withdrawing frees the place; withdrawing what one does not back changes nothing")
    func withdraw() throws {
        var h = try wall(WorkshopSettings(ideaBackings: 1))
        try back(&h, "p2", "i1")
        #expect(refusal { try back(&h, "p2", "i2") } == .backingLimit(limit: 1))
        #expect(try back(&h, "p2", "i1", false) == [.ideaBacked(participant: "p2", idea: "i1", backed: false)])
        #expect(try back(&h, "p2", "i1", false) == [])
        try back(&h, "p2", "i2")
        #expect(h.workshop.answers(of: "p2").backed == ["i2"])
        #expect(h.workshop.backing(of: "i1") == 0)
    }

    @Test("At most ideaBackings ideas; the refusal names the limit", arguments: [1, 2, 3])
    func limit(limit: Int) throws {
        var h = try wall(WorkshopSettings(ideaBackings: limit))
        try h.facilitator(.moderateIdea(idea: "i4", approve: true))
        let ideas = ["i1", "i2", "i3", "i4"]
        for idea in ideas.prefix(limit) { try back(&h, "p4", idea) }
        let error = refusal { try back(&h, "p4", ideas[limit]) }
        #expect(error == .backingLimit(limit: limit))
        #expect(error?.code == "backing_limit")
        #expect(h.workshop.answers(of: "p4").backed == Array(ideas.prefix(limit)))
    }

    @Test("ideaBackings 0 turns backing off")
    func off() throws {
        var h = try wall(WorkshopSettings(ideaBackings: 0))
        #expect(refusal { try back(&h, "p2", "i1") } == .backingLimit(limit: 0))
    }

    @Test("One's own idea cannot be backed")
    func ownIdea() throws {
        var h = try wall()
        let error = refusal { try back(&h, "p1", "i1") }
        #expect(error == .ownIdea("i1"))
        #expect(error?.code == "own_idea")
    }

    @Test("Pending, rejected and unknown ideas cannot be backed (unknown_idea)")
    func notApproved() throws {
        var h = try wall()
        #expect(refusal { try back(&h, "p1", "i4") } == .unknownIdea("i4"))
        try h.facilitator(.moderateIdea(idea: "i2", approve: false))
        #expect(refusal { try back(&h, "p2", "i2") } == .unknownIdea("i2"))
        #expect(refusal { try back(&h, "p2", "nope") } == .unknownIdea("nope"))
        #expect(refusal { try back(&h, "p2", "nope", false) } == .unknownIdea("nope"))
    }

    @Test("Backing while the round is open or revealed, not while idle or closed")
    func phases() throws {
        var h = try wall()
        try h.facilitator(.closeRound(.ideas))
        #expect(refusal { try back(&h, "p2", "i1") } == .roundNotOpen(.ideas))
        #expect(refusal { try back(&h, "p2", "i1", false) }?.code == "round_closed")
        try h.facilitator(.revealRound(.ideas))
        try back(&h, "p2", "i1")
        try h.facilitator(.resetRound(.ideas))
        #expect(h.workshop.backings.isEmpty)
        #expect(refusal { try back(&h, "p2", "i1") } == .roundNotOpen(.ideas))
    }

    @Test("The facilitator cannot back; a participant cannot merge")
    func actors() throws {
        var h = try wall()
        #expect(refusal { try h.facilitator(.backIdea(idea: "i1", backed: true)) } != nil)
        #expect(refusal { try h.participant("p2", .mergeIdea(idea: "i1", into: "i3")) } == .notFacilitator)
    }

    @Test("Rejecting an idea drops its backing")
    func rejectionDropsBacking() throws {
        var h = try wall()
        try back(&h, "p2", "i1")
        try back(&h, "p3", "i1")
        try h.facilitator(.moderateIdea(idea: "i1", approve: false))
        #expect(h.workshop.backing(of: "i1") == 0)
        try h.facilitator(.moderateIdea(idea: "i1", approve: true))
        #expect(h.workshop.backing(of: "i1") == 0, "re-approving does not bring backing back")
        #expect(h.workshop.answers(of: "p2").backed == [])
    }

    @Test("A merge moves backers to the target; someone backing both counts once")
    func mergeMovesBacking() throws {
        var h = try wall()
        try back(&h, "p3", "i1")  // p3 backs only the duplicate
        try back(&h, "p4", "i1")  // p4 backs both
        try back(&h, "p4", "i3")
        try back(&h, "p1", "i3")
        #expect(try h.facilitator(.mergeIdea(idea: "i1", into: "i3")) == [.ideaMerged(idea: "i1", into: "i3")])
        let merged = try #require(h.workshop.ideas.first { $0.id == "i1" })
        #expect(merged.status == .merged && merged.mergedInto == "i3")
        #expect(h.workshop.backing(of: "i3") == 3)
        #expect(h.workshop.backing(of: "i1") == 0)
        #expect(h.workshop.answers(of: "p3").backed == ["i3"])
        #expect(h.workshop.answers(of: "p4").backed == ["i3"], "counted once, and a place freed")
        #expect(h.workshop.rankedIdeas().map(\.id) == ["i3", "i2", "i4"], "merged ideas leave the ranking")
        // The merged idea can no longer be backed, moderated or merged again.
        #expect(refusal { try back(&h, "p2", "i1") } == .unknownIdea("i1"))
        #expect(refusal { try h.facilitator(.moderateIdea(idea: "i1", approve: true)) }?.code == "invalid_value")
        #expect(refusal { try h.facilitator(.mergeIdea(idea: "i1", into: "i2")) }?.code == "invalid_value")
    }

    @Test("A merge drops the target author's moved backing: nobody backs their own idea")
    func mergeOntoOwnIdea() throws {
        var h = try wall()
        try back(&h, "p2", "i1")  // p2 wrote i3
        try h.facilitator(.mergeIdea(idea: "i1", into: "i3"))
        #expect(h.workshop.answers(of: "p2").backed == [])
        #expect(h.workshop.backing(of: "i3") == 0)
    }

    @Test("Merging into a merged idea's target keeps mergedInto pointing at a live idea")
    func chainedMerge() throws {
        var h = try wall()
        try h.facilitator(.mergeIdea(idea: "i1", into: "i2"))
        try back(&h, "p2", "i2")
        try h.facilitator(.mergeIdea(idea: "i2", into: "i3"))
        #expect(h.workshop.ideas.filter { $0.status == .merged }.map(\.mergedInto) == ["i3", "i3"])
        #expect(h.workshop.backing(of: "i3") == 0, "p2 wrote i3")
        #expect(h.workshop.answers(of: "p2").backed == [])
    }

    @Test("Merge refusals: unknown ideas, itself, a target that is not approved")
    func mergeRefusals() throws {
        var h = try wall()
        #expect(refusal { try h.facilitator(.mergeIdea(idea: "nope", into: "i1")) } == .unknownIdea("nope"))
        #expect(refusal { try h.facilitator(.mergeIdea(idea: "i1", into: "nope")) } == .unknownIdea("nope"))
        #expect(refusal { try h.facilitator(.mergeIdea(idea: "i1", into: "i1")) }?.code == "invalid_value")
        #expect(refusal { try h.facilitator(.mergeIdea(idea: "i1", into: "i4")) }?.code == "invalid_value")
        // A pending duplicate can be folded into an approved idea.
        try h.facilitator(.mergeIdea(idea: "i4", into: "i1"))
    }

    @Test("Ranking: most backed first, ties in submission order")
    func ranking() throws {
        var h = try wall()
        try back(&h, "p2", "i2")
        try back(&h, "p3", "i2")
        try back(&h, "p3", "i3")
        #expect(h.workshop.rankedIdeas().map(\.id) == ["i2", "i3", "i1", "i4"])
        #expect(h.workshop.backingCounts() == ["i2": 2, "i3": 1])
    }

    @Test("Replaying the event log gives the same backings and ideas")
    func replay() throws {
        var h = try wall()
        try back(&h, "p2", "i1")
        try back(&h, "p3", "i1")
        try back(&h, "p3", "i3")
        try back(&h, "p4", "i2")
        try back(&h, "p4", "i2", false)
        try h.facilitator(.mergeIdea(idea: "i1", into: "i3"))
        try h.facilitator(.moderateIdea(idea: "i2", approve: false))
        let replayed = h.replayed()
        #expect(replayed.backings == h.workshop.backings)
        #expect(replayed.ideas == h.workshop.ideas)
        #expect(replayed.version == h.workshop.version)
        for id in ["p1", "p2", "p3", "p4"] { #expect(replayed.answers(of: id) == h.workshop.answers(of: id)) }
    }
}
