import Testing
import WheelCore

@Suite("Action plan")
struct ActionPlanTests {
    private func action(
        _ id: String = "a1", competence: String = Wheel.data, what: String = "Kursus i Excel", owner: String? = nil,
        due: String? = nil, status: ActionItem.Status = .planned, inspiration: String? = nil
    ) -> ActionItem {
        ActionItem(id: id, competence: competence, what: what, owner: owner, due: due, status: status, inspiration: inspiration)
    }

    @Test("The facilitator saves an action, trimmed; saving the same id again updates it in place")
    func saveAndUpdate() throws {
        var h = Harness()
        let events = try h.facilitator(.saveAction(action("a1", what: "  Kursus i Excel \n", owner: "  Mette ", due: "2026-03-01")))
        #expect(events == [.actionSaved(action("a1", what: "Kursus i Excel", owner: "Mette", due: "2026-03-01"))])
        try h.facilitator(.saveAction(action("a2", competence: Wheel.ai, what: "Prøv en chatbot", inspiration: nil)))
        try h.facilitator(.saveAction(action("a1", what: "Kursus i Power BI", owner: "   ", status: .doing, inspiration: Wheel.inspirationID)))
        #expect(h.workshop.actions.map(\.id) == ["a1", "a2"])
        let first = try #require(h.workshop.actions.first)
        #expect(first.what == "Kursus i Power BI")
        #expect(first.owner == nil)  // blank owner means none
        #expect(first.status == .doing)
        #expect(first.inspiration == Wheel.inspirationID)
    }

    @Test("Invalid actions are refused", arguments: [
        (ActionItem(id: "a", competence: "nope", what: "x"), "unknown_competence"),
        (ActionItem(id: "", competence: Wheel.data, what: "x"), "invalid_value"),
        (ActionItem(id: String(repeating: "i", count: 65), competence: Wheel.data, what: "x"), "invalid_value"),
        (ActionItem(id: "a", competence: Wheel.data, what: "  \n "), "empty_text"),
        (ActionItem(id: "a", competence: Wheel.data, what: String(repeating: "x", count: 281)), "text_too_long"),
        (ActionItem(id: "a", competence: Wheel.data, what: "x", owner: String(repeating: "o", count: 81)), "text_too_long"),
        (ActionItem(id: "a", competence: Wheel.data, what: "x", due: "1/3/2026"), "invalid_value"),
        (ActionItem(id: "a", competence: Wheel.data, what: "x", due: "2026-13-01"), "invalid_value"),
        (ActionItem(id: "a", competence: Wheel.data, what: "x", due: "2026-00-10"), "invalid_value"),
        (ActionItem(id: "a", competence: Wheel.data, what: "x", due: "2026-01-32"), "invalid_value"),
        (ActionItem(id: "a", competence: Wheel.data, what: "x", inspiration: "nope"), "invalid_value"),
    ])
    func invalid(item: ActionItem, code: String) throws {
        var h = Harness()
        #expect(refusal { try h.facilitator(.saveAction(item)) }?.code == code)
        #expect(h.workshop.actions.isEmpty)
    }

    @Test("Limits at the edge are accepted")
    func edges() throws {
        var h = Harness()
        try h.facilitator(.saveAction(ActionItem(
            id: String(repeating: "i", count: 64), competence: Wheel.data, what: String(repeating: "x", count: 280),
            owner: String(repeating: "o", count: 80), due: "2026-12-31")))
        #expect(h.workshop.actions.count == 1)
    }

    @Test("An impossible calendar date is refused")
    func impossibleDate() throws {
        var h = Harness()
        #expect(refusal { try h.facilitator(.saveAction(action(due: "2026-02-30"))) }?.code == "invalid_value")
    }

    @Test("At most 100 actions; updating one still works at the limit")
    func maxActions() throws {
        var h = Harness()
        for n in 0..<100 { try h.facilitator(.saveAction(action("a\(n)"))) }
        #expect(refusal { try h.facilitator(.saveAction(action("a100"))) }?.code == "invalid_value")
        try h.facilitator(.saveAction(action("a7", what: "Ændret")))
        #expect(h.workshop.actions.count == 100)
        #expect(h.workshop.actions[7].what == "Ændret")
        try h.facilitator(.removeAction("a0"))
        try h.facilitator(.saveAction(action("a100")))
        #expect(h.workshop.actions.last?.id == "a100")
    }

    @Test("Remove deletes an action; an unknown one is refused")
    func remove() throws {
        var h = Harness()
        try h.facilitator(.saveAction(action("a1")))
        try h.facilitator(.saveAction(action("a2")))
        #expect(try h.facilitator(.removeAction("a1")) == [.actionRemoved("a1")])
        #expect(h.workshop.actions.map(\.id) == ["a2"])
        #expect(refusal { try h.facilitator(.removeAction("a1")) }?.code == "invalid_value")
    }

    @Test("Participants and proxies cannot edit the plan")
    func facilitatorOnly() throws {
        var h = Harness()
        try h.join("p1")
        try h.join("paper", proxy: true)
        #expect(refusal { try h.participant("p1", .saveAction(action())) } == .notFacilitator)
        #expect(refusal { try h.participant("p1", .removeAction("a1")) } == .notFacilitator)
        #expect(refusal { try h.facilitator(.proxy(participant: "paper", .saveAction(action()))) }?.code == "invalid_value")
        #expect(h.workshop.actions.isEmpty)
    }

    @Test("Resetting rounds leaves the plan alone", arguments: RoundKind.allCases)
    func resetKeepsPlan(round: RoundKind) throws {
        var h = Harness()
        try h.facilitator(.saveAction(action()))
        try h.facilitator(.resetRound(round))
        #expect(h.workshop.actions.map(\.id) == ["a1"])
    }
}

@Suite("Re-run comparison")
struct ComparisonTests {
    @Test("compared(to:) is this run minus the earlier one")
    func change() throws {
        var before = Harness()
        try before.join("p1")
        try before.facilitator(.openRound(.importance))
        try before.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 2))
        try before.facilitator(.openRound(.level))
        try before.participant("p1", .rate(round: .level, competence: Wheel.data, value: 1))
        try before.facilitator(.openRound(.dots))
        try before.participant("p1", .setDots(competence: Wheel.kommunikation, count: 3))

        var after = Harness()
        try after.join("p1")
        try after.join("p2")
        try after.facilitator(.openRound(.importance))
        try after.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 5))
        try after.participant("p2", .rate(round: .importance, competence: Wheel.data, value: 4))
        try after.facilitator(.openRound(.level))
        try after.participant("p1", .rate(round: .level, competence: Wheel.data, value: 2))
        try after.facilitator(.openRound(.dots))
        try after.participant("p1", .setDots(competence: Wheel.data, count: 2))

        let earlier = before.workshop.tally()
        let now = after.workshop.tally()
        #expect(earlier.competences.map(\.change) == [nil, nil, nil, nil])
        let compared = now.compared(to: earlier)
        let data = try #require(compared.competence(Wheel.data)?.change)
        #expect(data.importance == 4.5 - 2)
        #expect(data.level == 2.0 - 1.0)
        #expect(data.gap == 2.5 - 1)
        #expect(data.dots == 2)
        let rankNow = try #require(now.competence(Wheel.data)?.rank)
        let rankBefore = try #require(earlier.competence(Wheel.data)?.rank)
        #expect(rankNow == 1)
        #expect(rankBefore == 2)
        #expect(data.rank == -1)  // moved up one place
        let komm = try #require(compared.competence(Wheel.kommunikation)?.change)
        #expect(komm.importance == nil)  // never rated: no change to show
        #expect(komm.dots == -3)
        // Nothing else in the tally changes.
        var stripped = compared
        for i in stripped.competences.indices { stripped.competences[i].change = nil }
        #expect(stripped == now)
    }

    @Test("Competences the earlier run lacked get no change")
    func newCompetence() throws {
        let now = Harness().workshop.tally()
        var earlier = now
        earlier.competences.removeAll { $0.competence == Wheel.ai }
        let compared = now.compared(to: earlier)
        #expect(compared.competence(Wheel.ai)?.change == nil)
        #expect(compared.competence(Wheel.data)?.change != nil)
    }
}
