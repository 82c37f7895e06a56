import Foundation
import Testing

@testable import WheelCore

/// Issue 12: a minimum group size, steps instead of single changes, sub-groups and
/// "Ikke relevant". The socket and export side is in Tests/e2e/test_anonymity.py.
@Suite("Small teams")
struct SmallTeamTests {
    /// `count` participants p1... joined, `round` open.
    private func team(_ count: Int, minGroupSize: Int, settings: WorkshopSettings = .defaults, open round: RoundKind = .importance,
                      groups: [String?] = []) throws -> Harness {
        var h = Harness(settings, minGroupSize: minGroupSize)
        for index in 1...count { try h.join("p\(index)", group: index <= groups.count ? groups[index - 1] : nil) }
        try h.facilitator(.openRound(round))
        return h
    }

    private func row(_ h: Harness, _ competence: String = Wheel.data) throws -> CompetenceTally {
        try #require(h.workshop.tally().competence(competence))
    }

    @Test("Four answers with a minimum of five: no figure; the fifth shows them all")
    func withheldUntilTheMinimum() throws {
        var h = try team(5, minGroupSize: 5)
        for index in 1...4 { try h.participant("p\(index)", .rate(round: .importance, competence: Wheel.data, value: index)) }
        try h.facilitator(.revealRound(.importance))
        var stats = try row(h).importance
        #expect(stats.suppressed)
        #expect(stats.count == 0 && stats.mean == nil && stats.distribution.isEmpty)
        #expect(try row(h).priority == nil && row(h).rank == nil)
        // What goes on the wire carries no number.
        let wire = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        #expect(wire == #"{"suppressed":true}"#)

        try h.facilitator(.openRound(.importance))
        try h.participant("p5", .rate(round: .importance, competence: Wheel.data, value: 5))
        try h.facilitator(.revealRound(.importance))
        stats = try row(h).importance
        #expect(!stats.suppressed && stats.count == 5 && stats.mean == 3 && stats.distribution == [1, 1, 1, 1, 1])
        #expect(try row(h).rank != nil)
    }

    @Test("Enough answers but too few numbers: the counts, no mean")
    func valuesWithheld() throws {
        var h = try team(4, minGroupSize: 3)
        let values = [4, RatingScale.dontKnow, RatingScale.notRelevant, RatingScale.notRelevant]
        for (index, value) in values.enumerated() {
            try h.participant("p\(index + 1)", .rate(round: .importance, competence: Wheel.data, value: value))
        }
        try h.facilitator(.closeRound(.importance))
        let stats = try row(h).importance
        #expect(stats.valuesSuppressed && !stats.suppressed)
        #expect(stats.count == 1 && stats.dontKnow == 1 && stats.notRelevant == 2)
        #expect(stats.mean == nil && stats.median == nil && stats.spread == nil && stats.distribution.isEmpty)
        let wire = try JSONSerialization.jsonObject(with: JSONEncoder().encode(stats)) as? [String: Any]
        #expect(Set(wire?.keys.map { $0 } ?? []) == ["count", "dontKnow", "notRelevant", "valuesSuppressed"])
    }

    @Test("After a reveal, one changed answer moves nothing; three do (minimum 3)")
    func figuresMoveInSteps() throws {
        var settings = WorkshopSettings.defaults
        settings.blindVoting = false  // the board follows the open round live
        var h = try team(6, minGroupSize: 3, settings: settings)
        for index in 1...6 { try h.participant("p\(index)", .rate(round: .importance, competence: Wheel.data, value: 2)) }
        try h.facilitator(.revealRound(.importance))
        try h.facilitator(.openRound(.importance))  // re-opened: answers change live
        let shown = try row(h).importance
        #expect(shown.mean == 2)

        try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 5))
        #expect(try row(h).importance == shown, "one change must not move the figures")
        // Changed and changed back: still one pending change, not two.
        try h.participant("p2", .rate(round: .importance, competence: Wheel.data, value: 4))
        try h.participant("p2", .rate(round: .importance, competence: Wheel.data, value: 2))
        #expect(try row(h).importance == shown)
        try h.participant("p3", .rate(round: .importance, competence: Wheel.data, value: 5))
        #expect(try row(h).importance == shown, "two changes must not move the figures")
        try h.participant("p4", .rate(round: .importance, competence: Wheel.data, value: 5))
        #expect(try row(h).importance.mean == (5 + 2 + 5 + 5 + 2 + 2) / 6.0, "three changes show")
        // Other competences are not touched by this competence's step.
        #expect(try row(h, Wheel.ai).importance.count == 0)
        // A round the room has seen: closing and revealing again show no single change.
        let stepped = try row(h).importance
        try h.participant("p5", .rate(round: .importance, competence: Wheel.data, value: 1))
        try h.facilitator(.closeRound(.importance))
        try h.facilitator(.revealRound(.importance))
        #expect(try row(h).importance == stepped)
        // A reset starts afresh.
        try h.facilitator(.resetRound(.importance))
        #expect(try row(h).importance.count == 0)
    }

    @Test("Blind voting: the first reveal shows the round; a re-opened round's single change never shows")
    func reopenAfterARevealShowsNoSingleChange() throws {
        var h = try team(4, minGroupSize: 3)
        for index in 1...4 { try h.participant("p\(index)", .rate(round: .importance, competence: Wheel.data, value: 3)) }
        try h.facilitator(.revealRound(.importance))
        let revealed = try row(h).importance
        #expect(revealed.mean == 3 && revealed.count == 4)
        try h.facilitator(.openRound(.importance))
        try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 5))
        try h.facilitator(.revealRound(.importance))
        #expect(try row(h).importance == revealed, "reveal, re-open, one change, reveal: the change stays hidden")
        try h.facilitator(.openRound(.importance))
        try h.participant("p2", .rate(round: .importance, competence: Wheel.data, value: 5))
        try h.participant("p3", .rate(round: .importance, competence: Wheel.data, value: 5))
        try h.facilitator(.revealRound(.importance))
        #expect(try row(h).importance.mean == (5 + 5 + 5 + 3) / 4.0)
    }

    @Test("A proxy's answers are counted in the figures but never make up the minimum")
    func proxiesNeverMakeUpTheMinimum() throws {
        var h = try team(1, minGroupSize: 3)
        try h.join("x1", proxy: true)
        try h.join("x2", proxy: true)
        try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 2))
        for proxy in ["x1", "x2"] {
            try h.facilitator(.proxy(participant: proxy, .rate(round: .importance, competence: Wheel.data, value: 5)))
        }
        try h.facilitator(.revealRound(.importance))
        #expect(try row(h).importance.suppressed, "one own answer and two proxies: too few")
        try h.join("p2")
        try h.join("p3")
        try h.facilitator(.openRound(.importance))
        try h.participant("p2", .rate(round: .importance, competence: Wheel.data, value: 4))
        try h.participant("p3", .rate(round: .importance, competence: Wheel.data, value: 4))
        // The two own answers are shown as they come: before them the cell carried no number.
        let shown = try row(h).importance
        #expect(!shown.suppressed && shown.count == 5 && shown.mean == (2 + 4 + 4 + 5 + 5) / 5.0)
        // Now a single own change waits: three own answers must change to show anew.
        try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 3))
        try h.facilitator(.revealRound(.importance))
        #expect(try row(h).importance == shown)
    }

    @Test("With groups, a step that moves a group by fewer than the minimum waits")
    func stepsMeetTheMinimumInEveryGroup() throws {
        var settings = WorkshopSettings.defaults
        settings.blindVoting = false
        settings.groups = [WorkshopGroup(id: "a", name: LocalizedText(da: "A")), WorkshopGroup(id: "b", name: LocalizedText(da: "B"))]
        var h = try team(8, minGroupSize: 2, settings: settings, groups: ["a", "a", "a", "a", "b", "b", "b", "b"])
        for index in 1...8 { try h.participant("p\(index)", .rate(round: .importance, competence: Wheel.data, value: 3)) }
        let before = h.workshop.tally()
        // One change in a, one in b: two for the team, but one for each group.
        try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 5))
        try h.participant("p5", .rate(round: .importance, competence: Wheel.data, value: 1))
        #expect(h.workshop.tally() == before)
        try h.participant("p2", .rate(round: .importance, competence: Wheel.data, value: 5))
        #expect(h.workshop.tally() == before, "a has two, b still one")
        try h.participant("p6", .rate(round: .importance, competence: Wheel.data, value: 1))
        #expect(try row(h).importance.mean == (5 + 5 + 3 + 3 + 1 + 1 + 3 + 3) / 8.0)
    }

    @Test("Groups of 7 and 3 with a minimum of 4: the 7, the team; not the 3")
    func groupsEachWithTheMinimum() throws {
        var settings = WorkshopSettings.defaults
        settings.groups = [WorkshopGroup(id: "sosu", name: LocalizedText(da: "SOSU-hjælper")),
                           WorkshopGroup(id: "spl", name: LocalizedText(da: "Sygeplejerske"), roleProfile: Wheel.profileID)]
        let groups: [String?] = Array(repeating: "sosu", count: 7) + Array(repeating: "spl", count: 3)
        var h = try team(10, minGroupSize: 4, settings: settings, open: .level, groups: groups)
        for index in 1...10 {
            try h.participant("p\(index)", .rate(round: .level, competence: Wheel.data, value: index <= 7 ? 2 : 4))
        }
        try h.facilitator(.revealRound(.level))
        let tally = h.workshop.tally()
        #expect(tally.competence(Wheel.data)?.level.count == 10)
        let byGroup = Dictionary(uniqueKeysWithValues: (tally.groups ?? []).map { ($0.group, $0) })
        #expect(byGroup["sosu"]?.participants == 7 && byGroup["spl"]?.participants == 3)
        #expect(byGroup["sosu"]?.competences.first { $0.competence == Wheel.data }?.level.mean == 2)
        #expect(byGroup["spl"]?.competences.first { $0.competence == Wheel.data }?.level.suppressed == true)
        // A group made from a role profile carries its expected levels.
        let profile = try #require(Wheel.framework.roleProfile(Wheel.profileID))
        #expect(byGroup["spl"]?.competences.first { $0.competence == Wheel.data }?.expectedLevel == profile.levels[Wheel.data])
        #expect(tally.withheldFigures > 0)
    }

    @Test("Changing group counts as a change of every answer, so a group's figures move in steps")
    func groupChangesAreChanges() throws {
        var settings = WorkshopSettings.defaults
        settings.groups = [WorkshopGroup(id: "a", name: LocalizedText(da: "A")), WorkshopGroup(id: "b", name: LocalizedText(da: "B"))]
        var h = try team(6, minGroupSize: 2, settings: settings, groups: ["a", "a", "a", "b", "b", "b"])
        for index in 1...6 {
            try h.participant("p\(index)", .rate(round: .importance, competence: Wheel.data, value: min(index, 5)))
        }
        try h.facilitator(.closeRound(.importance))
        func mean(_ group: String) -> Double? {
            h.workshop.tally().groups?.first { $0.group == group }?.competences.first { $0.competence == Wheel.data }?.importance.mean
        }
        #expect(mean("a") == 2 && mean("b") == 14 / 3.0)
        try h.participant("p1", .setGroup("b"))
        #expect(mean("a") == 2 && mean("b") == 14 / 3.0, "one move must not show")
        try h.participant("p6", .setGroup("a"))
        #expect(mean("a") == 10 / 3.0 && mean("b") == 10 / 3.0)
        #expect(throws: WorkshopError.unknownGroup("c")) { try h.participant("p2", .setGroup("c")) }
        #expect(throws: WorkshopError.unknownGroup("c")) { try h.join("p9", group: "c") }
        #expect(h.workshop.answers(of: "p1").group == "b")
    }

    @Test("\"Ikke relevant\" is its own answer: counted, out of the mean, marked when most say it")
    func notRelevant() throws {
        var h = try team(5, minGroupSize: 1)
        let values = [RatingScale.notRelevant, RatingScale.notRelevant, RatingScale.notRelevant, 4, RatingScale.dontKnow]
        for (index, value) in values.enumerated() {
            try h.participant("p\(index + 1)", .rate(round: .importance, competence: Wheel.data, value: value))
        }
        try h.facilitator(.revealRound(.importance))
        let data = try row(h)
        #expect(data.importance.notRelevant == 3 && data.importance.dontKnow == 1 && data.importance.count == 1)
        #expect(data.importance.mean == 4 && data.importance.distribution == [0, 0, 0, 1, 0])
        #expect(data.mostlyNotRelevant)
        #expect(try !row(h, Wheel.ai).mostlyNotRelevant)
        #expect(throws: WorkshopError.self) {
            try h.participant("p1", .rate(round: .level, competence: Wheel.data, value: -2))
        }
    }

    @Test("minGroupSize 1-20 and groups are checked at creation")
    func draftChecksTheNewSettings() throws {
        typealias Requested = WorkshopSettings.Requested
        func settings(_ requested: Requested) throws(WorkshopError) -> WorkshopSettings {
            try WorkshopDraft.settings(requested, earlier: nil, maxParticipants: 2000, framework: Wheel.framework)
        }
        #expect(try settings(Requested()).minGroupSize == 3)
        #expect(try settings(Requested(minGroupSize: 20)).minGroupSize == 20)
        for bad in [0, 21, -1, Int.max] {
            #expect(throws: WorkshopError.invalidValue("minGroupSize must be 1-20.")) { try settings(Requested(minGroupSize: bad)) }
        }
        let fromProfile = try settings(Requested(groups: [.init(roleProfile: Wheel.profileID)]))
        #expect(fromProfile.groups.map(\.id) == [Wheel.profileID])
        #expect(fromProfile.groups.first?.name == Wheel.framework.roleProfile(Wheel.profileID)?.title)
        #expect(fromProfile.groups.first?.roleProfile == Wheel.profileID)
        let named = try settings(Requested(groups: [.init(id: "sosu-a", name: LocalizedText(da: "  SOSU-assistent "))]))
        #expect(named.groups.first?.name.da == "SOSU-assistent")
        #expect(throws: WorkshopError.self) { try settings(Requested(groups: [.init(id: "Bad Id", name: LocalizedText(da: "x"))])) }
        #expect(throws: WorkshopError.self) { try settings(Requested(groups: [.init(id: "a", name: LocalizedText(da: "  "))])) }
        #expect(throws: WorkshopError.self) {
            try settings(Requested(groups: [.init(id: "a", name: LocalizedText(da: "A")), .init(id: "a", name: LocalizedText(da: "B"))]))
        }
        #expect(throws: WorkshopError.self) { try settings(Requested(groups: [.init(roleProfile: "nope")])) }
        let thirteen = (0..<13).map { WorkshopSettings.RequestedGroup(id: "g\($0)", name: LocalizedText(da: "G\($0)")) }
        #expect(throws: WorkshopError.invalidValue("At most 12 groups.")) { try settings(Requested(groups: thirteen)) }
        #expect(throws: WorkshopError.self) {
            try settings(Requested(groups: [.init(id: "a", name: LocalizedText(da: String(repeating: "x", count: 81)))]))
        }
    }

    @Test("Stored settings from before this rule decode with the defaults")
    func oldSettingsDecode() throws {
        let old = #"{"dotsPerParticipant":5,"maxDotsPerCompetence":3,"blindVoting":true,"maxParticipants":40}"#
        let settings = try JSONDecoder().decode(WorkshopSettings.self, from: Data(old.utf8))
        #expect(settings.minGroupSize == 3 && settings.groups.isEmpty)
    }
}
