import Testing
import WheelCore

@Suite("Rating statistics")
struct RatingStatsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var values: [Int]
        var count: Int
        var dontKnow: Int
        var mean: Double?
        var median: Double?
        var spread: Double?
        var distribution: [Int]
        var testDescription: String { "\(values)" }
    }

    static let cases: [Case] = [
        // Odd count. Sorted: 1 1 3 4 5. Mean 14/5 = 2.8. Squared deviations 3.24+3.24+0.04+1.44+4.84 = 12.8; /5 = 2.56.
        Case(values: [3, 1, 4, 1, 5], count: 5, dontKnow: 0, mean: 2.8, median: 3, spread: 1.6, distribution: [2, 0, 1, 1, 1]),
        // Even count with don't-knows. Scores 1 2 2 5: mean 2.5, median (2+2)/2, deviations² 2.25+0.25+0.25+6.25 = 9; /4 = 2.25.
        Case(values: [5, 0, 2, 1, 0, 2], count: 4, dontKnow: 2, mean: 2.5, median: 2, spread: 1.5, distribution: [1, 2, 0, 0, 1]),
        // Even count, median between two different values: 2 3 4 5 → 3.5. Variance (2.25+0.25+0.25+2.25)/4 = 1.25.
        Case(values: [4, 2, 5, 3], count: 4, dontKnow: 0, mean: 3.5, median: 3.5, spread: 1.25.squareRoot(), distribution: [0, 1, 1, 1, 1]),
        Case(values: [4], count: 1, dontKnow: 0, mean: 4, median: 4, spread: 0, distribution: [0, 0, 0, 1, 0]),
        Case(values: [0, 0, 0], count: 0, dontKnow: 3, mean: nil, median: nil, spread: nil, distribution: [0, 0, 0, 0, 0]),
        Case(values: [], count: 0, dontKnow: 0, mean: nil, median: nil, spread: nil, distribution: [0, 0, 0, 0, 0]),
    ]

    @Test("Count, don't know, mean, median, population spread and distribution", arguments: cases)
    func stats(expected: Case) throws {
        let stats = RatingStats(values: expected.values)
        #expect(stats.count == expected.count)
        #expect(stats.dontKnow == expected.dontKnow)
        #expect(stats.distribution == expected.distribution)
        #expect(stats.median == expected.median)
        if let mean = expected.mean {
            #expect(try #require(stats.mean).isClose(to: mean))
            #expect(try #require(stats.spread).isClose(to: try #require(expected.spread)))
        } else {
            #expect(stats.mean == nil)
            #expect(stats.spread == nil)
        }
    }
}

@Suite("Tally")
struct TallyTests {
    /// importance  kommunikation p1 5, p2 4 | data p1 3, p2 3, p3 0 (don't know) | ai p1 2
    /// level       kommunikation p1 2, p2 2 | data p1 4
    /// dots        p1 kommunikation 3 | p2 data 1 | p3 phishing 3
    /// points      p1 kommunikation 70, ai 30
    private func scenario(_ settings: WorkshopSettings = .defaults) throws -> Harness {
        var h = Harness(settings)
        for p in ["p1", "p2", "p3", "p4"] { try h.join(p) }
        try h.facilitator(.openRound(.importance))
        try h.participant("p1", .rate(round: .importance, competence: Wheel.kommunikation, value: 5))
        try h.participant("p2", .rate(round: .importance, competence: Wheel.kommunikation, value: 4))
        try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 3))
        try h.participant("p2", .rate(round: .importance, competence: Wheel.data, value: 3))
        try h.participant("p3", .rate(round: .importance, competence: Wheel.data, value: 0))
        try h.participant("p1", .rate(round: .importance, competence: Wheel.ai, value: 2))
        try h.facilitator(.openRound(.level))
        try h.participant("p1", .rate(round: .level, competence: Wheel.kommunikation, value: 2))
        try h.participant("p2", .rate(round: .level, competence: Wheel.kommunikation, value: 2))
        try h.participant("p1", .rate(round: .level, competence: Wheel.data, value: 4))
        try h.facilitator(.openRound(.dots))
        try h.participant("p1", .setDots(competence: Wheel.kommunikation, count: 3))
        try h.participant("p2", .setDots(competence: Wheel.data, count: 1))
        try h.participant("p3", .setDots(competence: Wheel.phishing, count: 3))
        try h.facilitator(.openRound(.points))
        try h.participant("p1", .allocatePoints([Wheel.kommunikation: 70, Wheel.ai: 30]))
        try h.facilitator(.revealRound(.points))
        return h
    }

    @Test("Per-competence statistics, gap and totals")
    func rows() throws {
        let tally = try scenario().workshop.tally()
        #expect(tally.competences.map(\.competence) == Wheel.order)
        #expect(tally.participants == 4)

        let komm = try #require(tally.competence(Wheel.kommunikation))
        #expect(komm.importance.mean == 4.5)
        #expect(komm.importance.median == 4.5)
        #expect(komm.importance.distribution == [0, 0, 0, 1, 1])
        #expect(komm.level.mean == 2)
        #expect(komm.gap == 2.5)
        #expect(komm.dots == 3)
        #expect(komm.points == 70)

        let data = try #require(tally.competence(Wheel.data))
        #expect(data.importance.count == 2)
        #expect(data.importance.dontKnow == 1)
        #expect(data.importance.mean == 3)
        #expect(data.gap == -1)  // negative: mastered more than it matters
        #expect(data.dots == 1)
        #expect(data.points == 0)

        let phishing = try #require(tally.competence(Wheel.phishing))
        #expect(phishing.importance.count == 0)
        #expect(phishing.gap == nil)
        #expect(phishing.dots == 3)

        let ai = try #require(tally.competence(Wheel.ai))
        #expect(ai.importance.mean == 2)
        #expect(ai.level.mean == nil)
        #expect(ai.gap == nil)  // no level answers: no gap
        #expect(ai.points == 30)
    }

    @Test("Priority follows the documented formula; ranks follow priority")
    func priority() throws {
        let tally = try scenario().workshop.tally()
        // priority = 100 × (0.5 × max(0, gap)/4 + 0.25 × (mean importance − 1)/4 + 0.25 × votes)
        // votes: dots were given, so dots count, scaled by the most-voted competence (3 dots).
        // kommunikation: importance [5,4] → 4.5, level [2,2] → 2, gap 2.5, dots 3/3
        //   = 100 × (0.5 × 0.625 + 0.25 × 0.875 + 0.25 × 1) = 31.25 + 21.875 + 25
        let kommunikation = 78.125
        // data: importance 3, level 4: gap −1 → need 0; weight 0.5; dots 1/3
        let data = 12.5 + 25.0 / 3
        // phishing: no ratings; dots 3/3
        let phishing = 25.0
        // ai: importance 2, no level → need 0; weight 0.25; no dots (its points are ignored while dots exist)
        let ai = 6.25
        let expected = [kommunikation, data, phishing, ai]
        for (row, value) in zip(tally.competences, expected) {
            #expect(row.priority.isClose(to: value), "\(row.competence): \(row.priority) ≠ \(value)")
        }
        #expect(tally.competences.map(\.rank) == [1, 3, 2, 4])
    }

    @Test("Without dots, votes come from points")
    func pointsFallback() throws {
        var h = Harness()
        try h.join("p1")
        try h.join("p2")
        try h.facilitator(.openRound(.points))
        try h.participant("p1", .allocatePoints([Wheel.kommunikation: 60, Wheel.data: 40]))
        try h.participant("p2", .allocatePoints([Wheel.data: 100]))
        // Dots opened but given and taken back: still no dots.
        try h.facilitator(.openRound(.dots))
        try h.participant("p1", .setDots(competence: Wheel.ai, count: 2))
        try h.participant("p1", .setDots(competence: Wheel.ai, count: 0))
        let tally = h.workshop.tally()
        // data has 140 points (the most), kommunikation 60 → 60/140.
        #expect(tally.competences.map(\.points) == [60, 140, 0, 0])
        #expect(tally.competences.map(\.dots) == [0, 0, 0, 0])
        #expect(try #require(tally.competence(Wheel.kommunikation)).priority.isClose(to: 25.0 * 60 / 140))
        #expect(try #require(tally.competence(Wheel.data)).priority.isClose(to: 25))
        #expect(tally.competences.map(\.rank) == [2, 1, 3, 4])
    }

    @Test("Ties keep wheel order")
    func ties() throws {
        var h = Harness()
        let empty = h.workshop.tally()
        #expect(empty.competences.map(\.priority) == [0, 0, 0, 0])
        #expect(empty.competences.map(\.rank) == [1, 2, 3, 4])

        try h.join("p1")
        try h.facilitator(.openRound(.dots))
        // ai (4th in the wheel) and data (2nd) tie; alphabetical order would put ai first.
        try h.participant("p1", .setDots(competence: Wheel.ai, count: 2))
        try h.participant("p1", .setDots(competence: Wheel.data, count: 2))
        try h.participant("p1", .setDots(competence: Wheel.kommunikation, count: 1))
        let tally = h.workshop.tally()
        #expect(tally.competences.map(\.priority) == [12.5, 25, 0, 25])
        #expect(tally.competences.map(\.rank) == [3, 1, 4, 2])
    }

    @Test("Disagreement is flagged at a spread of 1.2 or more, in importance or level")
    func disagreement() throws {
        var h = Harness()
        let people = ["p1", "p2", "p3", "p4", "p5"]
        for p in people { try h.join(p) }
        try h.facilitator(.openRound(.importance))
        // phishing [1,1,1,1,4]: mean 1.6, variance (4 × 0.36 + 5.76)/5 = 1.44 → spread exactly 1.2.
        for (p, v) in zip(people, [1, 1, 1, 1, 4]) {
            try h.participant(p, .rate(round: .importance, competence: Wheel.phishing, value: v))
        }
        // kommunikation [1,3,3,4]: variance 4.75/4 → spread ≈ 1.09, below.
        for (p, v) in zip(people, [1, 3, 3, 4]) {
            try h.participant(p, .rate(round: .importance, competence: Wheel.kommunikation, value: v))
        }
        // ai: don't-knows do not make a split team.
        for (p, v) in zip(people, [0, 5, 5]) {
            try h.participant(p, .rate(round: .importance, competence: Wheel.ai, value: v))
        }
        try h.facilitator(.openRound(.level))
        // data [1,5] in level only: spread 2.
        for (p, v) in zip(people, [1, 5]) {
            try h.participant(p, .rate(round: .level, competence: Wheel.data, value: v))
        }
        let tally = h.workshop.tally()
        #expect(try #require(tally.competence(Wheel.phishing)?.importance.spread).isClose(to: 1.2))
        #expect(tally.competences.map(\.disagreement) == [false, true, true, false])
        // Without the level round, data is no longer split.
        #expect(h.workshop.tally(rounds: [.importance]).competences.map(\.disagreement) == [false, false, true, false])
    }

    @Test("tally(rounds:) ignores rounds not in the set")
    func roundFilter() throws {
        let workshop = try scenario().workshop

        let importanceOnly = workshop.tally(rounds: [.importance])
        #expect(importanceOnly.answered == [.importance: 3])
        #expect(importanceOnly.ideas == 0)
        #expect(importanceOnly.participants == 4)
        for row in importanceOnly.competences {
            #expect(row.level.count == 0)
            #expect(row.level.mean == nil)
            #expect(row.gap == nil)
            #expect(row.dots == 0)
            #expect(row.points == 0)
        }
        #expect(importanceOnly.competence(Wheel.kommunikation)?.importance.mean == 4.5)
        // Only the weight term remains: kommunikation 100 × 0.25 × 3.5/4.
        #expect(try #require(importanceOnly.competence(Wheel.kommunikation)).priority.isClose(to: 21.875))

        // Hidden dots: votes fall back to the visible points (kommunikation 70 is the most).
        let noDots = workshop.tally(rounds: [.importance, .level, .points])
        #expect(noDots.competences.map(\.dots) == [0, 0, 0, 0])
        #expect(noDots.competences.map(\.points) == [70, 0, 0, 30])
        #expect(try #require(noDots.competence(Wheel.ai)).priority.isClose(to: 6.25 + 25.0 * 30 / 70))
        #expect(try #require(noDots.competence(Wheel.phishing)).priority == 0)
        #expect(noDots.competences.map(\.rank) == [1, 3, 4, 2])

        let nothing = workshop.tally(rounds: [])
        #expect(nothing.answered.isEmpty)
        #expect(nothing.competences.allSatisfy { $0.priority == 0 && $0.importance.count == 0 && $0.dots == 0 })
    }

    @Test("expectedLevel comes from the workshop's role profile",
          arguments: [(Wheel.profileID, [4, 3, 5, nil]), (nil, [nil, nil, nil, nil]), ("no-such-profile", [nil, nil, nil, nil])]
              as [(String?, [Int?])])
    func expectedLevel(profile: String?, levels: [Int?]) throws {
        let workshop = try scenario(WorkshopSettings(roleProfile: profile)).workshop
        #expect(workshop.tally().competences.map(\.expectedLevel) == levels)
    }

    @Test("answeredCount and answeredPerCompetence")
    func answered() throws {
        var h = try scenario()
        #expect(h.workshop.answeredCount(.importance) == 3)  // p3 only said "don't know", which is an answer
        #expect(h.workshop.answeredCount(.level) == 1 + 1)
        #expect(h.workshop.answeredCount(.dots) == 3)
        #expect(h.workshop.answeredCount(.points) == 1)
        #expect(h.workshop.answeredCount(.ideas) == 0)
        #expect(h.workshop.answeredPerCompetence(.importance) == [Wheel.kommunikation: 2, Wheel.data: 3, Wheel.ai: 1])
        #expect(h.workshop.answeredPerCompetence(.level) == [Wheel.kommunikation: 2, Wheel.data: 1])
        #expect(h.workshop.answeredPerCompetence(.dots) == [Wheel.kommunikation: 1, Wheel.data: 1, Wheel.phishing: 1])
        #expect(h.workshop.answeredPerCompetence(.points) == [Wheel.kommunikation: 1, Wheel.ai: 1])
        #expect(h.workshop.tally().answered == [.importance: 3, .level: 2, .dots: 3, .points: 1, .ideas: 0])

        try h.facilitator(.openRound(.ideas))
        try h.participant("p4", .submitIdea(idea: "a", text: "En", competence: Wheel.data))
        try h.participant("p4", .submitIdea(idea: "b", text: "To", competence: nil))
        try h.participant("p2", .submitIdea(idea: "c", text: "Tre", competence: nil))
        #expect(h.workshop.answeredCount(.ideas) == 2)
        #expect(h.workshop.answeredPerCompetence(.ideas).isEmpty)
        #expect(h.workshop.tally().ideas == 3)
    }
}
