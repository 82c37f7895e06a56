import Foundation
import Testing
import WheelCore
import WheelProtocol

/// What each role may see (docs/protocol.md, "What each role sees"), on workshops built by hand.
@Suite("Visibility")
struct VisibilityTests {
    /// Both participants rate both competences in `round`, which must be open.
    private func rateEverything(_ h: inout TestHarness, _ round: RoundKind) throws {
        try h.participant("p1", .rate(round: round, competence: TestWheel.bruger, value: 4))
        try h.participant("p1", .rate(round: round, competence: TestWheel.data, value: 2))
        try h.participant("p2", .rate(round: round, competence: TestWheel.bruger, value: 5))
        try h.participant("p2", .rate(round: round, competence: TestWheel.data, value: RatingScale.dontKnow))
    }

    private func twoParticipants(blindVoting: Bool = true) throws -> TestHarness {
        var h = TestHarness(blindVoting: blindVoting)
        try h.join("p1", name: "Mette")
        try h.join("p2")
        return h
    }

    /// The workshop at every step of a full run, for checks that must hold throughout.
    private func everyStep() throws -> [Workshop] {
        var steps: [Workshop] = []
        var h = try twoParticipants()
        steps.append(h.workshop)
        for round in [RoundKind.importance, .level] {
            try h.facilitator(.openRound(round))
            steps.append(h.workshop)
            try rateEverything(&h, round)
            steps.append(h.workshop)
            try h.facilitator(.closeRound(round))
            steps.append(h.workshop)
            try h.facilitator(.revealRound(round))
            steps.append(h.workshop)
        }
        try h.facilitator(.openRound(.dots))
        try h.participant("p1", .setDots(competence: TestWheel.bruger, count: 3))
        steps.append(h.workshop)
        try h.facilitator(.openRound(.points))
        try h.participant("p2", .allocatePoints([TestWheel.bruger: 30, TestWheel.data: 70]))
        steps.append(h.workshop)
        try h.facilitator(.openRound(.ideas))
        try h.participant("p1", .submitIdea(idea: "i1", text: "Makkerpar", competence: nil))
        steps.append(h.workshop)
        try h.facilitator(.revealRound(.ideas))
        steps.append(h.workshop)
        return steps
    }

    // MARK: Participants

    @Test func participantNeverSeesCountsPeopleOrProgress() throws {
        for workshop in try everyStep() {
            let view = Visibility.view(of: workshop, for: .participant)
            #expect(view.people == nil)
            #expect(view.answered == nil)
            #expect(view.progress == nil)
            #expect(view.participants == nil)
            #expect(view.answers == nil, "answers are added by the room for the participant's own socket only")
            // Not even when every section is asked for, and not on the wire.
            let state = try #require(JSONValue(WireCoding.encode(.update(.init(seq: 1, state: view))))["state"]?.keys)
            #expect(state.isDisjoint(with: ["people", "answered", "progress", "participants", "answers"]))
            #expect(state.isSuperset(of: ["rounds", "focus", "results", "ideas"]))
        }
    }

    @Test func participantResultsOnlyFromRevealedRounds() throws {
        var h = try twoParticipants()
        try h.facilitator(.openRound(.importance))
        try rateEverything(&h, .importance)

        func participantResults() throws -> Tally { try #require(Visibility.view(of: h.workshop, for: .participant).results) }

        // Open: nothing of the round.
        var results = try participantResults()
        #expect(results.answered.isEmpty)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 0)
        #expect(results.competence(TestWheel.bruger)?.importance.mean == nil)
        #expect(results.competence(TestWheel.data)?.importance.dontKnow == 0)

        // Closed: still nothing.
        try h.facilitator(.closeRound(.importance))
        results = try participantResults()
        #expect(results.answered.isEmpty)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 0)

        // Revealed: the round's results.
        try h.facilitator(.revealRound(.importance))
        results = try participantResults()
        #expect(results.answered == [.importance: 2])
        #expect(results.competence(TestWheel.bruger)?.importance.count == 2)
        #expect(results.competence(TestWheel.bruger)?.importance.mean == 4.5)
        #expect(results.competence(TestWheel.data)?.importance.dontKnow == 1)

        // A later open round stays hidden while the revealed one stays visible.
        try h.facilitator(.openRound(.level))
        try rateEverything(&h, .level)
        try h.facilitator(.openRound(.dots))
        try h.participant("p1", .setDots(competence: TestWheel.data, count: 2))
        results = try participantResults()
        #expect(Set(results.answered.keys) == [.importance])
        #expect(results.competence(TestWheel.bruger)?.level.count == 0)
        #expect(results.competence(TestWheel.bruger)?.gap == nil)
        #expect(results.competence(TestWheel.data)?.dots == 0)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 2)

        // A reset takes the results away again.
        try h.facilitator(.resetRound(.importance))
        results = try participantResults()
        #expect(results.answered.isEmpty)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 0)
    }

    @Test func participantResultsIgnoreBlindVotingSetting() throws {
        // Blind voting only concerns the board: phones see results after a reveal either way.
        var h = try twoParticipants(blindVoting: false)
        try h.facilitator(.openRound(.importance))
        try rateEverything(&h, .importance)
        let results = try #require(Visibility.view(of: h.workshop, for: .participant).results)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 0)
        #expect(results.answered.isEmpty)
    }

    // MARK: Board

    @Test func blindBoardGetsNoResultsOfAnOpenRound() throws {
        var h = try twoParticipants(blindVoting: true)
        try h.facilitator(.openRound(.importance))
        try rateEverything(&h, .importance)

        var view = Visibility.view(of: h.workshop, for: .board)
        var results = try #require(view.results)
        #expect(results.answered.isEmpty)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 0)
        #expect(results.competence(TestWheel.bruger)?.importance.distribution == [0, 0, 0, 0, 0])
        // What a blind board does get: how many answered, per round and per competence.
        #expect(view.answered?[.importance] == 2)
        #expect(view.progress == [TestWheel.bruger: 2, TestWheel.data: 2])
        #expect(view.participants == 2)

        try h.facilitator(.closeRound(.importance))
        view = Visibility.view(of: h.workshop, for: .board)
        results = try #require(view.results)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 0)

        try h.facilitator(.revealRound(.importance))
        results = try #require(Visibility.view(of: h.workshop, for: .board).results)
        #expect(results.answered == [.importance: 2])
        #expect(results.competence(TestWheel.bruger)?.importance.count == 2)
        #expect(results.competence(TestWheel.bruger)?.importance.distribution == [0, 0, 0, 1, 1])
    }

    @Test func openBoardGetsResultsWhileVoting() throws {
        var h = try twoParticipants(blindVoting: false)
        try h.facilitator(.openRound(.importance))
        try rateEverything(&h, .importance)
        try h.facilitator(.openRound(.dots))
        try h.participant("p1", .setDots(competence: TestWheel.data, count: 2))

        let results = try #require(Visibility.view(of: h.workshop, for: .board).results)
        #expect(results.competence(TestWheel.bruger)?.importance.count == 2)
        #expect(results.competence(TestWheel.bruger)?.importance.mean == 4.5)
        #expect(results.competence(TestWheel.data)?.dots == 2)
        #expect(results.answered[.importance] == 2)
        #expect(results.answered[.dots] == 1)
    }

    @Test func boardSeesNamesButNeverAnswers() throws {
        var h = try twoParticipants()
        try h.facilitator(.openRound(.importance))
        try rateEverything(&h, .importance)
        let view = Visibility.view(of: h.workshop, for: .board)
        #expect(view.people?.map(\.id) == ["p1", "p2"])
        #expect(view.people?.map(\.name) == ["Mette", nil])
        #expect(view.answers == nil)
    }

    // MARK: Facilitator

    /// Issue 12: before a reveal the facilitator sees how many answered, not what; after it,
    /// what the board sees.
    @Test func facilitatorSeesResultsWhenTheBoardDoes() throws {
        var h = try twoParticipants(blindVoting: true)
        try h.facilitator(.openRound(.importance))
        try rateEverything(&h, .importance)
        let before = Visibility.view(of: h.workshop, for: .facilitator)
        #expect(before.results?.competence(TestWheel.bruger)?.importance.count == 0)
        #expect(before.answered?[.importance] == 2)
        #expect(before.progress?[TestWheel.bruger] == 2)
        try h.facilitator(.revealRound(.importance))
        let after = Visibility.view(of: h.workshop, for: .facilitator)
        #expect(after.results?.competence(TestWheel.bruger)?.importance.count == 2)
        #expect(after.results == Visibility.view(of: h.workshop, for: .board).results)
        #expect(after.progress == [:])
    }

    // MARK: Ideas

    @Test func ideasByRole() throws {
        var h = try twoParticipants()
        try h.facilitator(.openRound(.ideas))
        try h.participant("p1", .submitIdea(idea: "i1", text: "Makkerpar til det nye omsorgssystem", competence: TestWheel.bruger))
        try h.participant("p2", .submitIdea(idea: "i2", text: "Mere kage", competence: nil))
        try h.participant("p2", .submitIdea(idea: "i3", text: "Fast IT-café hver torsdag", competence: TestWheel.data))
        try h.facilitator(.moderateIdea(idea: "i1", approve: true))
        try h.facilitator(.moderateIdea(idea: "i2", approve: false))

        func ideas(_ role: Role) -> [PublicIdea] { Visibility.view(of: h.workshop, for: role).ideas ?? [] }

        // The facilitator: every idea with its status, pending ones included.
        #expect(ideas(.facilitator).map(\.id) == ["i1", "i2", "i3"])
        #expect(ideas(.facilitator).map(\.status) == [.approved, .rejected, .pending])
        // The board: approved ones only, while the round runs.
        #expect(ideas(.board).map(\.id) == ["i1"])
        // Participants: approved ones while the round is open, so they can back them.
        #expect(ideas(.participant).map(\.id) == ["i1"])

        // Closed: nothing (an empty list, not absent) until the reveal.
        try h.facilitator(.closeRound(.ideas))
        #expect(Visibility.view(of: h.workshop, for: .participant).ideas == [])
        #expect(ideas(.board).map(\.id) == ["i1"])

        try h.facilitator(.revealRound(.ideas))
        #expect(ideas(.participant).map(\.id) == ["i1"])
        #expect(ideas(.participant).allSatisfy { $0.status == .approved })

        // Approving after the reveal shows the idea to phones too; rejected ones never.
        try h.facilitator(.moderateIdea(idea: "i3", approve: true))
        #expect(ideas(.participant).map(\.id) == ["i1", "i3"])
        #expect(ideas(.board).map(\.id) == ["i1", "i3"])
        #expect(!ideas(.participant).contains { $0.id == "i2" })

        // Ideas on the wire carry no author.
        let wire = try JSONValue(WireCoding.encode(.update(.init(seq: 1, state: Visibility.view(of: h.workshop, for: .facilitator)))))
        guard case .array(let list)? = wire["state"]?["ideas"] else {
            Issue.record("no ideas in the facilitator's view")
            return
        }
        for idea in list { #expect(idea.keys?.contains("participant") == false) }
    }

    @Test func backingIsShownToBoardAndFacilitatorOnly() throws {
        var h = try twoParticipants()
        try h.join("p3")
        try h.facilitator(.openRound(.ideas))
        try h.participant("p1", .submitIdea(idea: "i1", text: "Makkerpar", competence: nil))
        try h.participant("p2", .submitIdea(idea: "i2", text: "Makkerpar igen", competence: nil))
        try h.participant("p2", .submitIdea(idea: "i3", text: "Afventer", competence: nil))
        try h.facilitator(.moderateIdea(idea: "i1", approve: true))
        try h.facilitator(.moderateIdea(idea: "i2", approve: true))
        try h.participant("p2", .backIdea(idea: "i1", backed: true))
        try h.participant("p3", .backIdea(idea: "i2", backed: true))

        func ideas(_ role: Role) -> [PublicIdea] { Visibility.view(of: h.workshop, for: role).ideas ?? [] }
        #expect(ideas(.board).map(\.backing) == [1, 1])
        #expect(ideas(.facilitator).map(\.backing) == [1, 1, 0])
        #expect(ideas(.participant).map(\.backing) == [nil, nil])
        let phone = try JSONValue(WireCoding.encode(.update(.init(seq: 1, state: Visibility.view(of: h.workshop, for: .participant)))))
        guard case .array(let list)? = phone["state"]?["ideas"] else {
            Issue.record("no ideas in the participant's view")
            return
        }
        for idea in list { #expect(idea.keys?.contains("backing") == false, "a phone got a count") }

        // A merge: the board drops the duplicate and counts its backer for the target.
        try h.facilitator(.mergeIdea(idea: "i2", into: "i1"))
        #expect(ideas(.board).map(\.id) == ["i1"])
        #expect(ideas(.board).first?.backing == 2)
        #expect(ideas(.participant).map(\.id) == ["i1"])
        let merged = try #require(ideas(.facilitator).first { $0.id == "i2" })
        #expect(merged.status == .merged && merged.mergedInto == "i1" && merged.backing == 0)

        // Phones get no update for a backing, and one for a merge.
        let backed = Visibility.changedSections(by: [.ideaBacked(participant: "p3", idea: "i1", backed: false)])
        #expect(!Visibility.updateSections(for: .participant, changed: backed, in: h.workshop).contains(.ideas))
        #expect(Visibility.updateSections(for: .board, changed: backed, in: h.workshop).contains(.ideaDetails))
        let mergedSections = Visibility.changedSections(by: [.ideaMerged(idea: "i2", into: "i1")])
        #expect(Visibility.updateSections(for: .participant, changed: mergedSections, in: h.workshop).contains(.ideas))
    }

    // MARK: Sections

    @Test func sectionsLimitTheView() throws {
        let h = TestHarness.midWorkshop()
        let focusOnly = Visibility.view(of: h.workshop, for: .board, sections: [.focus])
        var expected = View()
        expected.focus = h.workshop.focus
        #expect(focusOnly == expected)

        // A participant asking for counts and people gets nothing.
        #expect(Visibility.view(of: h.workshop, for: .participant, sections: [.counts, .people]).isEmpty)

        // `rounds` always comes with `activeRound`.
        let rounds = Visibility.view(of: h.workshop, for: .participant, sections: [.rounds])
        #expect(rounds.rounds?[.level] == .open)
        #expect(rounds.activeRound == .level)
    }

    @Test func whichEventsChangeWhichSections() {
        #expect(Visibility.changedSections(by: [.rated(participant: "p1", round: .level, competence: "x", value: 3)])
            == [.counts, .results])
        // Re-opening a revealed round hides its results again: every phase change carries them.
        #expect(Visibility.changedSections(by: [.roundOpened(.level)]) == [.rounds, .counts, .results, .ideas])
        #expect(Visibility.changedSections(by: [.roundRevealed(.level)]) == [.rounds, .counts, .results, .ideas])
        // `results.participants` counts everyone who joined.
        #expect(Visibility.changedSections(by: [.joined(participant: "p1", token: "t", name: nil, proxy: false)])
            == [.counts, .people, .results])
        #expect(Visibility.changedSections(by: [.renamed(participant: "p1", name: "Bo")]) == [.people])
        // `results.ideas` counts every idea; moderation changes only which ones are shown.
        // A new idea is pending and a backing is a count: neither is anything phones see.
        #expect(Visibility.changedSections(by: [.ideaSubmitted(idea: "i1", participant: "p1", text: "x", competence: nil)])
            == [.ideaDetails, .counts, .results])
        #expect(Visibility.changedSections(by: [.ideaModerated(idea: "i1", status: .approved)]) == [.ideas])
        #expect(Visibility.changedSections(by: [.ideaMerged(idea: "i1", into: "i2")]) == [.ideas])
        #expect(Visibility.changedSections(by: [.ideaBacked(participant: "p1", idea: "i1", backed: true)]) == [.ideaDetails])
        #expect(Visibility.changedSections(by: [.focused(.lobby)]) == [.focus])
    }
}
