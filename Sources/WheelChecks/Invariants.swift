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

    /// The live tally equals a recount of the logged events, made here without the core's help.
    public static func tallyMatchesRecount(_ scenario: Scenario) -> String? {
        var recount = Recount()
        for event in scenario.log { recount.apply(event) }
        let tally = scenario.workshop.liveTally()
        for row in tally.competences {
            let id = row.competence
            if row.dots != recount.dots(id) { return "dots of \(id): tally \(row.dots), recount \(recount.dots(id))" }
            if row.points != recount.points(id) { return "points of \(id): tally \(row.points), recount \(recount.points(id))" }
            for round in [RoundKind.importance, .level] {
                let stats = round == .importance ? row.importance : row.level
                let values = recount.values(round, id)
                let distribution = (1...5).map { v in values.filter { $0 == v }.count }
                if stats.distribution != distribution || stats.dontKnow != values.filter({ $0 == 0 }).count
                    || stats.notRelevant != values.filter({ $0 == RatingScale.notRelevant }).count
                {
                    return "\(round.rawValue) of \(id): tally \(stats.distribution), recount \(distribution)"
                }
                let numeric = values.filter { (1...5).contains($0) }
                if let mean = stats.mean, abs(mean - Double(numeric.reduce(0, +)) / Double(numeric.count)) > 1e-9 {
                    return "\(round.rawValue) mean of \(id): tally \(mean), recount of \(numeric)"
                }
            }
        }
        if tally.ideas != recount.ideas { return "ideas: tally \(tally.ideas), recount \(recount.ideas)" }
        if tally.participants != recount.participants.count {
            return "participants: tally \(tally.participants), recount \(recount.participants.count)"
        }
        return nil
    }

    /// A timer only ever runs on an open round, within its limits.
    public static func timerHolds(_ scenario: Scenario) -> String? {
        guard let timer = scenario.workshop.timer else { return nil }
        if scenario.workshop.phase(timer.round) != .open {
            return "a timer on the \(timer.round.rawValue) round while it is \(scenario.workshop.phase(timer.round).rawValue)"
        }
        if !(RoundTimer.secondsRange.lowerBound...Int.max).contains(timer.seconds) { return "timer of \(timer.seconds) s" }
        return nil
    }

    /// Backing rules hold, and every count shown equals a recount of the participants'
    /// own lists: a backing names an approved idea that is not the backer's own, once; nobody
    /// backs more than the limit; merged ideas point at an idea that is not merged.
    public static func backingHolds(_ scenario: Scenario) -> String? {
        let workshop = scenario.workshop
        let byID = Dictionary(workshop.ideas.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var recount: [String: Int] = [:]
        for participant in scenario.participants {
            let backed = workshop.answers(of: participant).backed
            if backed.count > workshop.info.settings.ideaBackings { return "\(participant) backs \(backed.count) ideas" }
            if Set(backed).count != backed.count { return "\(participant) backs an idea twice: \(backed)" }
            for id in backed {
                guard let idea = byID[id], idea.status == .approved else { return "\(participant) backs \(id), not approved" }
                if idea.participant == participant { return "\(participant) backs their own idea \(id)" }
                recount[id, default: 0] += 1
            }
        }
        for idea in workshop.ideas where idea.status == .merged {
            guard let target = idea.mergedInto.flatMap({ byID[$0] }), target.status != .merged else {
                return "\(idea.id) is merged into \(idea.mergedInto ?? "nothing"), which is not a live idea"
            }
        }
        for role in [Role.board, .facilitator] {
            for shown in Visibility.view(of: workshop, for: role).ideas ?? [] where shown.backing != recount[shown.id] ?? 0 {
                return "\(role.rawValue) shows \(shown.id) backed by \(shown.backing ?? -1), recount \(recount[shown.id] ?? 0)"
            }
        }
        if let counted = Visibility.view(of: workshop, for: .participant).ideas?.first(where: { $0.backing != nil }) {
            return "a participant sees the backing of \(counted.id)"
        }
        return nil
    }

    /// What the room was shown follows the live answers (see `ShownAnswers`): a shown cell
    /// differs from the live one only for participants pending on it, who really differ, and
    /// fewer than `minGroupSize` are pending on any cell.
    public static func shownFollowsLive(_ scenario: Scenario) -> String? {
        let workshop = scenario.workshop
        let minimum = workshop.info.settings.minGroupSize
        for round in [RoundKind.importance, .level, .dots, .points] {
            let pending = workshop.shown.pending[round] ?? [:]
            for (competence, waiting) in pending where waiting.isEmpty {
                return "\(round.rawValue)/\(competence): an empty pending list with a minimum of \(minimum)"
            }
            let live = liveAnswers(workshop, round)
            for participant in Set(live.keys).union(workshop.shown.cells[round]?.keys.map { $0 } ?? []) {
                for competence in ScenarioWheel.competences {
                    let now = live[participant]?[competence].map {
                        ShownAnswers.Cell(
                            value: $0, group: workshop.participants[participant]?.group,
                            proxy: workshop.participants[participant]?.proxy ?? false)
                    }
                    let seen = workshop.shown.cells[round]?[participant]?[competence]
                    let isPending = pending[competence]?.contains(participant) ?? false
                    if (now != seen) != isPending {
                        return "\(round.rawValue)/\(competence)/\(participant): live \(String(describing: now)), "
                            + "shown \(String(describing: seen)), pending \(isPending)"
                    }
                }
            }
        }
        return nil
    }

    /// Between two states, each competence's shown answers changed for none or for at least
    /// `minGroupSize` participants with their own phone, in the team and in every group the
    /// change touches, unless `events` reset the round or the room had not seen it before.
    public static func shownMovesInSteps(before: Workshop, after: Workshop, events: [WorkshopEvent]) -> String? {
        let minimum = after.info.settings.minGroupSize
        for round in [RoundKind.importance, .level, .dots, .points] {
            let reset = events.contains { if case .roundReset(let r) = $0 { r == round } else { false } }
            if reset || !before.shown.seen.contains(round) { continue }
            let (a, b) = (before.shown.cells[round] ?? [:], after.shown.cells[round] ?? [:])
            for competence in ScenarioWheel.competences {
                let changed = Set(a.keys).union(b.keys).filter { a[$0]?[competence] != b[$0]?[competence] }
                let own = changed.filter { after.participants[$0]?.proxy != true }
                // Before, the room saw no number for this competence: nothing to subtract from.
                let counted = round == .dots || round == .points
                    ? a.values.count(where: { $0.values.contains { !$0.proxy } })
                    : a.values.count(where: { $0[competence].map { !$0.proxy } ?? false })
                if counted < minimum { continue }
                if !changed.isEmpty && minimum > 1 && own.count < minimum {
                    return "\(round.rawValue)/\(competence) moved for \(own.count) of a minimum \(minimum) after \(events)"
                }
                guard !after.info.settings.groups.isEmpty, minimum > 1 else { continue }
                var touched: [String?: Int] = [:]
                for person in own {
                    let groups = Set([a[person]?[competence], b[person]?[competence]].compactMap { $0 }.map(\.group))
                    for group in groups { touched[group, default: 0] += 1 }
                }
                if let (group, count) = touched.first(where: { $0.value < minimum }) {
                    return "\(round.rawValue)/\(competence) moved group \(group ?? "none") by \(count) of \(minimum) after \(events)"
                }
            }
        }
        return nil
    }

    /// No role is shown a figure made from fewer than `minGroupSize` answers (team and groups).
    public static func withheldBelowMinimum(_ scenario: Scenario) -> String? {
        let workshop = scenario.workshop
        let minimum = workshop.info.settings.minGroupSize
        for role in [Role.participant, .board, .facilitator] {
            guard let tally = Visibility.view(of: workshop, for: role).results else { continue }
            let sections = [tally.competences] + (tally.groups ?? []).map(\.competences)
            for rows in sections {
                for row in rows {
                    for stats in [row.importance, row.level] where !stats.suppressed {
                        if stats.answers > 0 && stats.answers < minimum {
                            return "\(role.rawValue) sees \(row.competence) from \(stats.answers) answers (minimum \(minimum))"
                        }
                        if stats.mean != nil && stats.count < minimum {
                            return "\(role.rawValue) sees a mean of \(row.competence) from \(stats.count) numbers"
                        }
                    }
                    if row.priority != nil && (row.importance.withholds || row.level.withholds) {
                        return "\(role.rawValue) sees a priority of \(row.competence) made with a withheld figure"
                    }
                }
            }
            for round in [RoundKind.dots, .points] where tally.answered[round] != nil {
                let takers = (workshop.shown.cells[round] ?? [:]).values.filter { !$0.isEmpty }.count
                let shown = tally.competences.contains { (round == .dots ? $0.dots : $0.points) != nil }
                if shown && takers > 0 && takers < minimum {
                    return "\(role.rawValue) sees \(round.rawValue) of \(takers) participants (minimum \(minimum))"
                }
            }
        }
        return nil
    }

    private static func liveAnswers(_ workshop: Workshop, _ round: RoundKind) -> [String: [String: Int]] {
        switch round {
        case .importance, .level: workshop.ratings[round] ?? [:]
        case .dots: workshop.dots
        case .points: workshop.points
        case .ideas: [:]
        }
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
            state.timer = update.timer  // so is the timer
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
        if a.timer != b.timer { names.append("timer") }
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
