import Testing
import WheelCore

@Suite("Dots round")
struct DotsRoundTests {
    /// Defaults: 5 dots per participant, at most 3 on one competence.
    private func openDots(_ settings: WorkshopSettings = .defaults) throws -> Harness {
        var h = Harness(settings)
        try h.join("p1")
        try h.join("p2")
        try h.facilitator(.openRound(.dots))
        return h
    }

    @Test("Dots stack on one competence up to maxDotsPerCompetence")
    func stackingLimit() throws {
        var h = try openDots()
        for count in 1...3 {
            #expect(try h.participant("p1", .setDots(competence: Wheel.data, count: count))
                == [.dotsSet(participant: "p1", competence: Wheel.data, count: count)])
        }
        let error = refusal { try h.participant("p1", .setDots(competence: Wheel.data, count: 4)) }
        #expect(error == .dotsPerCompetence(limit: 3))
        #expect(error?.code == "dots_per_competence")
        #expect(h.workshop.dots["p1"] == [Wheel.data: 3])
    }

    @Test("The total is limited to dotsPerParticipant")
    func totalLimit() throws {
        var h = try openDots()
        try h.participant("p1", .setDots(competence: Wheel.kommunikation, count: 3))
        try h.participant("p1", .setDots(competence: Wheel.data, count: 2))
        let error = refusal { try h.participant("p1", .setDots(competence: Wheel.ai, count: 1)) }
        #expect(error == .dotsExhausted(limit: 5))
        #expect(error?.code == "dots_exhausted")
        // Raising an existing competence counts against the same budget.
        #expect(refusal { try h.participant("p1", .setDots(competence: Wheel.data, count: 3)) }
            == .dotsExhausted(limit: 5))
        // Lowering one competence frees dots for another.
        try h.participant("p1", .setDots(competence: Wheel.kommunikation, count: 2))
        try h.participant("p1", .setDots(competence: Wheel.ai, count: 1))
        #expect(h.workshop.dots["p1"] == [Wheel.kommunikation: 2, Wheel.data: 2, Wheel.ai: 1])
        // Another participant has a budget of their own.
        try h.participant("p2", .setDots(competence: Wheel.kommunikation, count: 3))
        try h.participant("p2", .setDots(competence: Wheel.data, count: 2))
        #expect(h.workshop.tally().competence(Wheel.kommunikation)?.dots == 5)
    }

    @Test("Limits follow the workshop's settings",
          arguments: [(perParticipant: 2, perCompetence: 2), (3, 1), (10, 4)])
    func settingsLimits(perParticipant: Int, perCompetence: Int) throws {
        var h = try openDots(WorkshopSettings(dotsPerParticipant: perParticipant, maxDotsPerCompetence: perCompetence))
        #expect(refusal { try h.participant("p1", .setDots(competence: Wheel.data, count: perCompetence + 1)) }
            == .dotsPerCompetence(limit: perCompetence))
        // Spend exactly the whole budget, competence by competence.
        var left = perParticipant
        for id in Wheel.order where left > 0 {
            let count = min(left, perCompetence)
            try h.participant("p1", .setDots(competence: id, count: count))
            left -= count
        }
        #expect(h.workshop.dots["p1"]?.values.reduce(0, +) == perParticipant)
        let unused = try #require(Wheel.order.first { (h.workshop.dots["p1"]?[$0] ?? 0) < perCompetence })
        #expect(refusal { try h.participant("p1", .setDots(competence: unused, count: (h.workshop.dots["p1"]?[unused] ?? 0) + 1)) }
            == .dotsExhausted(limit: perParticipant))
    }

    @Test("Setting a competence back to 0 frees its dots and removes the answer")
    func zeroFrees() throws {
        var h = try openDots()
        try h.participant("p1", .setDots(competence: Wheel.kommunikation, count: 3))
        try h.participant("p1", .setDots(competence: Wheel.data, count: 2))
        try h.participant("p1", .setDots(competence: Wheel.kommunikation, count: 0))
        #expect(h.workshop.dots["p1"] == [Wheel.data: 2])
        try h.participant("p1", .setDots(competence: Wheel.phishing, count: 3))
        #expect(h.workshop.dots["p1"] == [Wheel.data: 2, Wheel.phishing: 3])
        #expect(h.workshop.answeredPerCompetence(.dots) == [Wheel.data: 1, Wheel.phishing: 1])

        try h.participant("p1", .setDots(competence: Wheel.data, count: 0))
        try h.participant("p1", .setDots(competence: Wheel.phishing, count: 0))
        // No dots left: no longer counted as having answered.
        #expect(h.workshop.answeredCount(.dots) == 0)
        #expect(h.workshop.tally().competences.map(\.dots) == [0, 0, 0, 0])
    }

    @Test("Negative dots are refused", arguments: [-1, -3, Int.min])
    func negative(count: Int) throws {
        var h = try openDots()
        try h.participant("p1", .setDots(competence: Wheel.data, count: 2))
        let error = refusal { try h.participant("p1", .setDots(competence: Wheel.data, count: count)) }
        #expect(error?.code == "invalid_value")
        #expect(h.workshop.dots["p1"] == [Wheel.data: 2])
    }

    @Test("Unknown competence and a round that is not open are refused")
    func unknownAndClosed() throws {
        var h = try openDots()
        #expect(refusal { try h.participant("p1", .setDots(competence: "nope", count: 1)) } == .unknownCompetence("nope"))
        try h.facilitator(.closeRound(.dots))
        let error = refusal { try h.participant("p1", .setDots(competence: Wheel.data, count: 1)) }
        #expect(error == .roundNotOpen(.dots))
        #expect(error?.code == "round_closed")
    }
}

@Suite("Points round")
struct PointsRoundTests {
    private func openPoints() throws -> Harness {
        var h = Harness()
        try h.join("p1")
        try h.join("p2")
        try h.facilitator(.openRound(.points))
        return h
    }

    @Test("An allocation summing to exactly 100 is accepted")
    func exactSum() throws {
        var h = try openPoints()
        let allocation = [Wheel.kommunikation: 50, Wheel.data: 30, Wheel.ai: 20]
        #expect(try h.participant("p1", .allocatePoints(allocation)) == [.pointsAllocated(participant: "p1", points: allocation)])
        #expect(h.workshop.points["p1"] == allocation)
        try h.participant("p2", .allocatePoints([Wheel.ai: 100]))
        #expect(h.workshop.tally().competences.map(\.points) == [50, 30, 0, 120])
    }

    @Test("Any other sum is refused with pointsSum",
          arguments: [
              ([Wheel.kommunikation: 50, Wheel.data: 49], 99),
              ([Wheel.kommunikation: 50, Wheel.data: 51], 101),
              ([Wheel.kommunikation: 0], 0),
              ([:], 0),
          ] as [([String: Int], Int)])
    func wrongSum(allocation: [String: Int], sum: Int) throws {
        var h = try openPoints()
        let error = refusal { try h.participant("p1", .allocatePoints(allocation)) }
        #expect(error == .pointsSum(got: sum))
        #expect(error?.code == "points_sum")
        #expect(h.workshop.points["p1"] == nil)
    }

    @Test("Negative points are refused even when the sum is 100")
    func negative() throws {
        var h = try openPoints()
        let error = refusal { try h.participant("p1", .allocatePoints([Wheel.kommunikation: 120, Wheel.data: -20])) }
        #expect(error?.code == "invalid_value")
    }

    @Test("A new allocation replaces the old one")
    func replaces() throws {
        var h = try openPoints()
        try h.participant("p1", .allocatePoints([Wheel.kommunikation: 100]))
        try h.participant("p1", .allocatePoints([Wheel.data: 60, Wheel.phishing: 40]))
        #expect(h.workshop.points["p1"] == [Wheel.data: 60, Wheel.phishing: 40])
        #expect(h.workshop.tally().competences.map(\.points) == [0, 60, 40, 0])
        #expect(h.workshop.answeredCount(.points) == 1)
        // A refused allocation leaves the previous one in place.
        _ = refusal { try h.participant("p1", .allocatePoints([Wheel.ai: 99])) }
        #expect(h.workshop.points["p1"] == [Wheel.data: 60, Wheel.phishing: 40])
    }

    @Test("Zero entries are not stored as answers")
    func zerosDropped() throws {
        var h = try openPoints()
        try h.participant("p1", .allocatePoints([Wheel.kommunikation: 100, Wheel.data: 0]))
        #expect(h.workshop.points["p1"] == [Wheel.kommunikation: 100])
        #expect(h.workshop.answeredPerCompetence(.points) == [Wheel.kommunikation: 1])
    }

    @Test("Unknown competence and a round that is not open are refused")
    func unknownAndClosed() throws {
        var h = try openPoints()
        #expect(refusal { try h.participant("p1", .allocatePoints(["nope": 100])) } == .unknownCompetence("nope"))
        try h.facilitator(.revealRound(.points))
        #expect(refusal { try h.participant("p1", .allocatePoints([Wheel.data: 100])) } == .roundNotOpen(.points))
    }
}
