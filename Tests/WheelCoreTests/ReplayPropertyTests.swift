import Foundation
import Testing
import WheelCore

/// A small deterministic generator so a failing seed can be rerun.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What the test itself believes the workshop holds, kept without WheelCore's help.
private struct Model {
    var phases: [RoundKind: RoundPhase] = [:]
    var proxies: [String: Bool] = [:]
    var order: [String] = []
    var ratings: [RoundKind: [String: [String: Int]]] = [:]
    var dots: [String: [String: Int]] = [:]
    var points: [String: [String: Int]] = [:]
    var ideas: [(id: String, participant: String, status: IdeaStatus)] = []

    func phase(_ round: RoundKind) -> RoundPhase { phases[round] ?? .idle }
    var openRound: RoundKind? { RoundKind.allCases.first { phase($0) == .open } }
}

@Suite("Event sourcing (property-style)")
struct ReplayPropertyTests {
    private static let settings = WorkshopSettings(dotsPerParticipant: 5, maxDotsPerCompetence: 3, maxParticipants: 8)

    /// Drives a workshop with `steps` random valid commands from several participants and the
    /// facilitator, keeping the model in step. Any refusal is a failure: every command is valid.
    private func run(seed: UInt64, steps: Int) throws -> (Harness, Model) {
        var rng = SplitMix64(seed: seed)
        var h = Harness(Self.settings)
        var model = Model()
        var ideaCounter = 0

        func join(_ h: inout Harness, _ model: inout Model) throws {
            let id = "p\(model.order.count)"
            let proxy = Bool.random(using: &rng) && Bool.random(using: &rng)
            try h.join(id, name: Bool.random(using: &rng) ? " Navn \(id) " : nil, proxy: proxy)
            model.order.append(id)
            model.proxies[id] = proxy
        }
        for _ in 0..<3 { try join(&h, &model) }

        for _ in 0..<steps {
            let roll = Int.random(in: 0..<100, using: &rng)
            if roll < 4, model.order.count < Self.settings.maxParticipants {
                try join(&h, &model)
            } else if roll < 14 {
                // The facilitator moves a round along (only valid transitions).
                let round = RoundKind.allCases.randomElement(using: &rng)!
                switch (Int.random(in: 0..<4, using: &rng), model.phase(round)) {
                case (0, let phase) where phase != .open:
                    try h.facilitator(.openRound(round))
                    if let open = model.openRound { model.phases[open] = .closed }
                    model.phases[round] = .open
                case (1, .open):
                    try h.facilitator(.closeRound(round))
                    model.phases[round] = .closed
                case (2, .open), (2, .closed):
                    try h.facilitator(.revealRound(round))
                    model.phases[round] = .revealed
                case (3, _) where Int.random(in: 0..<4, using: &rng) == 0:
                    try h.facilitator(.resetRound(round))
                    model.phases[round] = .idle
                    switch round {
                    case .importance, .level: model.ratings[round] = [:]
                    case .dots: model.dots = [:]
                    case .points: model.points = [:]
                    case .ideas: model.ideas = []
                    }
                default:
                    break
                }
            } else if roll < 18, !model.ideas.isEmpty {
                let index = Int.random(in: 0..<model.ideas.count, using: &rng)
                let approve = Bool.random(using: &rng)
                try h.facilitator(.moderateIdea(idea: model.ideas[index].id, approve: approve))
                model.ideas[index].status = approve ? .approved : .rejected
            } else {
                let p = model.order.randomElement(using: &rng)!
                let competence = Wheel.order.randomElement(using: &rng)!
                let command: Command
                if roll < 21 {
                    command = .rename(Bool.random(using: &rng) ? "  Ny \(p)  " : "")
                } else if let round = model.openRound {
                    switch round {
                    case .importance, .level:
                        let value = Int.random(in: 0...5, using: &rng)
                        command = .rate(round: round, competence: competence, value: value)
                        model.ratings[round, default: [:]][p, default: [:]][competence] = value
                    case .dots:
                        let others = (model.dots[p] ?? [:]).filter { $0.key != competence }.values.reduce(0, +)
                        let most = min(Self.settings.maxDotsPerCompetence, Self.settings.dotsPerParticipant - others)
                        let count = Int.random(in: 0...most, using: &rng)
                        command = .setDots(competence: competence, count: count)
                        model.dots[p, default: [:]][competence] = count == 0 ? nil : count
                    case .points:
                        // Cut 100 at random places over a random subset of the wheel.
                        let chosen = Wheel.order.filter { _ in Bool.random(using: &rng) }
                        let targets = chosen.isEmpty ? [competence] : chosen
                        var cuts = (0..<(targets.count - 1)).map { _ in Int.random(in: 0...100, using: &rng) }.sorted()
                        cuts = [0] + cuts + [100]
                        var allocation: [String: Int] = [:]
                        for (i, id) in targets.enumerated() { allocation[id] = cuts[i + 1] - cuts[i] }
                        command = .allocatePoints(allocation)
                        model.points[p] = allocation.filter { $0.value > 0 }
                    case .ideas:
                        guard model.ideas.filter({ $0.participant == p }).count < Limits.ideasPerParticipant else { continue }
                        ideaCounter += 1
                        let id = "i\(ideaCounter)"
                        command = .submitIdea(idea: id, text: "  idé \(ideaCounter)\n", competence: Bool.random(using: &rng) ? competence : nil)
                        model.ideas.append((id, p, .pending))
                    }
                } else {
                    continue
                }
                if model.proxies[p] == true, Bool.random(using: &rng) {
                    try h.facilitator(.proxy(participant: p, command))
                } else {
                    try h.participant(p, command)
                }
            }
        }
        return (h, model)
    }

    static let seeds: [UInt64] = Array(1...25)

    @Test("Replaying the produced events gives the same workshop and tally", arguments: seeds)
    func replayIsDeterministic(seed: UInt64) throws {
        let (h, _) = try run(seed: seed, steps: 400)
        let original = h.workshop
        let replayed = h.replayed()
        #expect(replayed.version == original.version)
        #expect(original.version == h.log.count)
        #expect(replayed.tally() == original.tally())
        for rounds: Set<RoundKind> in [[.importance], [.importance, .level], [.dots, .points], [.points, .ideas], []] {
            #expect(replayed.tally(rounds: rounds) == original.tally(rounds: rounds))
        }
        #expect(replayed.participantOrder == original.participantOrder)
        #expect(replayed.participants == original.participants)
        #expect(replayed.ideas == original.ideas)
        #expect(replayed.activeRound == original.activeRound)
        for round in RoundKind.allCases { #expect(replayed.phase(round) == original.phase(round)) }
        for p in original.participantOrder { #expect(replayed.answers(of: p) == original.answers(of: p)) }
    }

    @Test("The tally equals totals computed independently from the answers", arguments: seeds)
    func tallyMatchesModel(seed: UInt64) throws {
        let (h, model) = try run(seed: seed, steps: 400)
        let workshop = h.workshop
        let tally = workshop.tally()

        // The workshop holds what the model says was answered.
        for round in RoundKind.allCases { #expect(workshop.phase(round) == model.phase(round), "phase of \(round)") }
        #expect(workshop.participantOrder == model.order)
        for p in model.order {
            let answers = workshop.answers(of: p)
            #expect(answers.importance == model.ratings[.importance]?[p] ?? [:])
            #expect(answers.level == model.ratings[.level]?[p] ?? [:])
            #expect(answers.dots == model.dots[p] ?? [:])
            #expect(answers.points == model.points[p] ?? [:])
            #expect(answers.ideas.map(\.id) == model.ideas.filter { $0.participant == p }.map(\.id))
        }
        #expect(workshop.ideas.map(\.status) == model.ideas.map(\.status))

        #expect(tally.participants == model.order.count)
        #expect(tally.ideas == model.ideas.count)
        let answered: [RoundKind: Int] = [
            .importance: model.order.filter { !(model.ratings[.importance]?[$0] ?? [:]).isEmpty }.count,
            .level: model.order.filter { !(model.ratings[.level]?[$0] ?? [:]).isEmpty }.count,
            .dots: model.order.filter { !(model.dots[$0] ?? [:]).isEmpty }.count,
            .points: model.order.filter { !(model.points[$0] ?? [:]).isEmpty }.count,
            .ideas: Set(model.ideas.map(\.participant)).count,
        ]
        #expect(tally.answered == answered)

        func values(_ round: RoundKind, _ competence: String) -> [Int] {
            model.order.compactMap { model.ratings[round]?[$0]?[competence] }
        }
        func total(_ answers: [String: [String: Int]], _ competence: String) -> Int {
            model.order.map { answers[$0]?[competence] ?? 0 }.reduce(0, +)
        }
        let dotTotals = Wheel.order.map { total(model.dots, $0) }
        let pointTotals = Wheel.order.map { total(model.points, $0) }
        let votes = dotTotals.contains { $0 > 0 } ? dotTotals : pointTotals
        let maxVotes = votes.max() ?? 0

        #expect(tally.competences.map(\.competence) == Wheel.order)
        for (index, row) in tally.competences.enumerated() {
            let id = row.competence
            let importance = Independent(values(.importance, id))
            let level = Independent(values(.level, id))
            importance.check(row.importance, "importance \(id)")
            level.check(row.level, "level \(id)")
            #expect(row.dots == dotTotals[index])
            #expect(row.points == pointTotals[index])

            let gap = importance.mean.flatMap { i in level.mean.map { i - $0 } }
            #expect(gap.map { row.gap?.isClose(to: $0) ?? false } ?? (row.gap == nil), "gap \(id)")
            let need = max(0, gap ?? 0) / 4
            let weight = importance.mean.map { ($0 - 1) / 4 } ?? 0
            let share = maxVotes > 0 ? Double(votes[index]) / Double(maxVotes) : 0
            let priority = 100 * (0.5 * need + 0.25 * weight + 0.25 * share)
            #expect(row.priority.isClose(to: priority), "priority \(id): \(row.priority) ≠ \(priority)")
            // Spread at or above 1.2 in either round; values within rounding of 1.2 are left alone.
            let spreads = [importance.spread, level.spread].compactMap { $0 }
            if spreads.contains(where: { $0 > 1.2 + 1e-9 }) {
                #expect(row.disagreement, "disagreement \(id)")
            } else if !spreads.contains(where: { abs($0 - 1.2) <= 1e-9 }) {
                #expect(!row.disagreement, "disagreement \(id)")
            }
        }
        // Ranks: by priority, highest first, ties in wheel order.
        let ranked = tally.competences.indices.sorted {
            let (a, b) = (tally.competences[$0].priority ?? 0, tally.competences[$1].priority ?? 0)
            return a != b ? a > b : $0 < $1
        }
        #expect(ranked.map { tally.competences[$0].rank } == Array(1...Wheel.order.count))
    }

    @Test("The generator really exercises every round")
    func generatorCoverage() throws {
        var kinds: Set<String> = []
        for seed in Self.seeds {
            let (h, _) = try run(seed: seed, steps: 400)
            for event in h.log {
                switch event {
                case .rated(_, let round, _, _): kinds.insert("rated-\(round)")
                case .dotsSet: kinds.insert("dots")
                case .pointsAllocated: kinds.insert("points")
                case .ideaSubmitted: kinds.insert("idea")
                case .ideaModerated: kinds.insert("moderated")
                case .roundReset: kinds.insert("reset")
                case .roundRevealed: kinds.insert("revealed")
                case .renamed: kinds.insert("renamed")
                default: break
                }
            }
        }
        #expect(kinds == ["rated-importance", "rated-level", "dots", "points", "idea", "moderated", "reset", "revealed", "renamed"])
    }
}
