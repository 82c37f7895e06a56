import WheelCore
import WheelProtocol

/// What must hold after every step of every scenario. Each check returns a description of
/// what went wrong, or nil; fuzz targets trap on one, property tests report it.
public enum Invariants {
    /// Replaying the logged events into a fresh workshop gives the same state.
    public static func replayMatches(_ scenario: Scenario) -> String? {
        var replayed = Workshop(info: scenario.workshop.info)
        for event in scenario.log { replayed.apply(event) }
        let live = fingerprint(scenario.workshop, participants: scenario.participants)
        let again = fingerprint(replayed, participants: scenario.participants)
        return live == again ? nil : "replay differs after \(scenario.log.count) events"
    }

    /// Everything a workshop holds, as comparable values.
    private static func fingerprint(_ workshop: Workshop, participants: [String]) -> [AnyHashable] {
        [workshop.version, workshop.tokens, workshop.participantOrder,
         Visibility.view(of: workshop, for: .facilitator)]
            + participants.map { AnyHashable(workshop.answers(of: $0)) }
    }

    /// The tally equals a recount of the logged events, made here without the core's help.
    public static func tallyMatchesRecount(_ scenario: Scenario) -> String? {
        var recount = Recount()
        for event in scenario.log { recount.apply(event) }
        let tally = scenario.workshop.tally(rounds: Set(RoundKind.allCases))
        for row in tally.competences {
            let id = row.competence
            if row.dots != recount.dots(id) { return "dots of \(id): tally \(row.dots), recount \(recount.dots(id))" }
            if row.points != recount.points(id) { return "points of \(id): tally \(row.points), recount \(recount.points(id))" }
            for round in [RoundKind.importance, .level] {
                let stats = round == .importance ? row.importance : row.level
                let values = recount.values(round, id)
                let distribution = (1...5).map { v in values.filter { $0 == v }.count }
                if stats.distribution != distribution || stats.dontKnow != values.filter({ $0 == 0 }).count {
                    return "\(round.rawValue) of \(id): tally \(stats.distribution), recount \(distribution)"
                }
            }
        }
        if tally.ideas != recount.ideas { return "ideas: tally \(tally.ideas), recount \(recount.ideas)" }
        if tally.participants != recount.participants.count {
            return "participants: tally \(tally.participants), recount \(recount.participants.count)"
        }
        return nil
    }

    /// Counting events the plain way: the latest answer of each participant counts.
    private struct Recount {
        var participants: Set<String> = []
        var ratings: [RoundKind: [String: [String: Int]]] = [:]
        var dotsBy: [String: [String: Int]] = [:]
        var pointsBy: [String: [String: Int]] = [:]
        var ideas = 0

        mutating func apply(_ event: WorkshopEvent) {
            switch event {
            case .joined(let id, _, _, _): participants.insert(id)
            case .rated(let p, let round, let c, let value): ratings[round, default: [:]][p, default: [:]][c] = value
            case .dotsSet(let p, let c, let count): dotsBy[p, default: [:]][c] = count
            case .pointsAllocated(let p, let points): pointsBy[p] = points
            case .ideaSubmitted: ideas += 1
            case .roundReset(let round):
                switch round {
                case .importance, .level: ratings[round] = [:]
                case .dots: dotsBy = [:]
                case .points: pointsBy = [:]
                case .ideas: ideas = 0
                }
            default: break
            }
        }

        func dots(_ c: String) -> Int { dotsBy.values.reduce(0) { $0 + ($1[c] ?? 0) } }
        func points(_ c: String) -> Int { pointsBy.values.reduce(0) { $0 + ($1[c] ?? 0) } }
        func values(_ round: RoundKind, _ c: String) -> [Int] { ratings[round]?.values.compactMap { $0[c] } ?? [] }
    }
}

/// A client that follows docs/protocol.md to the letter: it starts from a `welcome` and
/// applies each `update` section by section, replacing. After every change its state must
/// equal a fresh `welcome` (the delta invariant).
public struct DeltaClient {
    public let role: Role
    public private(set) var state: View

    public init(role: Role, workshop: Workshop) {
        self.role = role
        self.state = Visibility.view(of: workshop, for: role)
    }

    /// Applies what the server sends this role for `events`; returns a difference, or nil.
    public mutating func receive(_ events: [WorkshopEvent], after workshop: Workshop) -> String? {
        let sections = Visibility.updateSections(for: role, changed: Visibility.changedSections(by: events), in: workshop)
        let update = Visibility.view(of: workshop, for: role, sections: sections)
        apply(update)
        let fresh = Visibility.view(of: workshop, for: role)
        guard state != fresh else { return nil }
        return "\(role.rawValue) after \(events): differs in \(Self.differences(state, fresh))"
    }

    private mutating func apply(_ update: View) {
        if let rounds = update.rounds {
            state.rounds = rounds
            state.activeRound = update.activeRound  // always sent with rounds
        }
        if let value = update.focus { state.focus = value }
        if let value = update.participants { state.participants = value }
        if let value = update.answered { state.answered = value }
        if let value = update.progress { state.progress = value }
        if let value = update.results { state.results = value }
        if let value = update.ideas { state.ideas = value }
        if let value = update.people { state.people = value }
        if let value = update.actions { state.actions = value }
    }

    private static func differences(_ a: View, _ b: View) -> [String] {
        var names: [String] = []
        if a.rounds != b.rounds || a.activeRound != b.activeRound { names.append("rounds") }
        if a.focus != b.focus { names.append("focus") }
        if a.participants != b.participants { names.append("participants") }
        if a.answered != b.answered { names.append("answered") }
        if a.progress != b.progress { names.append("progress") }
        if a.results != b.results { names.append("results") }
        if a.ideas != b.ideas { names.append("ideas") }
        if a.people != b.people { names.append("people") }
        if a.actions != b.actions { names.append("actions") }
        return names
    }
}
