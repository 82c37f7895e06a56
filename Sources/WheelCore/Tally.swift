/// Everything the results show for one competence. A figure withheld for too few answers
/// (docs/results.md) is `nil` (dots, points, gap, priority, rank) or a withheld `RatingStats`.
public struct CompetenceTally: Codable, Hashable, Sendable {
    public var competence: String
    public var importance: RatingStats
    public var level: RatingStats
    /// Mean importance minus mean level; positive means "matters more than we master it".
    public var gap: Double?
    public var dots: Int?
    public var points: Int?
    /// The priority score (0-100); see `Priority`.
    public var priority: Double?
    /// 1 is the competence to develop first; only competences with a priority are ranked.
    public var rank: Int?
    /// The team is split on importance or level (spread at or above `Priority.disagreementSpread`).
    public var disagreement: Bool
    /// More than half of the importance or the level answers are "Ikke relevant".
    public var mostlyNotRelevant: Bool
    /// The chosen role profile's expected level, when the workshop (or the group) has one.
    public var expectedLevel: Int?
    /// The change since the earlier run, when this workshop re-runs one.
    public var change: CompetenceChange?

    /// How many of this row's figures are withheld (for the anonymity report).
    public var withheldFigures: Int {
        [importance.withholds, level.withholds].count(where: { $0 })
    }
}

/// One sub-group's results: the same rows as the team's, from the group's answers only,
/// with the same minimum.
public struct GroupTally: Codable, Hashable, Sendable {
    public var group: String
    /// Participants who picked the group.
    public var participants: Int
    public var competences: [CompetenceTally]
}

public struct Tally: Codable, Hashable, Sendable {
    public var participants: Int
    /// Participants who gave at least one answer, per round.
    public var answered: [RoundKind: Int]
    public var competences: [CompetenceTally]
    /// Ideas submitted, of every status (when the ideas round is among the tallied ones).
    public var ideas: Int
    /// The workshop's minimum group size: figures from fewer answers are withheld.
    public var minGroupSize: Int
    /// Per sub-group results, when the workshop has groups.
    public var groups: [GroupTally]?

    public func competence(_ id: String) -> CompetenceTally? {
        competences.first { $0.competence == id }
    }

    /// Withheld figures across the team's and the groups' rows: rating cells, and dots or
    /// points totals of a round too few took part in.
    public var withheldFigures: Int {
        let rows = competences + (groups ?? []).flatMap(\.competences)
        return rows.reduce(0) { total, row in
            total + row.withheldFigures + (row.dots == nil ? 1 : 0) + (row.points == nil ? 1 : 0)
        }
    }
}

/// The priority formula, stated once (docs/results.md repeats it):
///
///     priority = 100 × (0.5 × need + 0.25 × weight + 0.25 × votes)
///     need   = max(0, gap) / 4                   (gap = mean importance − mean level)
///     weight = (mean importance − 1) / 4
///     votes  = share of the round's dots, scaled so the most-voted competence is 1;
///              when no dots were given, the same for points
///
/// Missing ratings count as 0 in their term. Ties keep wheel order. A competence with a
/// withheld input has no priority and no rank.
public enum Priority {
    public static let disagreementSpread = 1.2

    public static func score(importance: Double?, level: Double?, votes: Double) -> Double {
        let gap = importance.flatMap { i in level.map { i - $0 } } ?? 0
        let need = max(0, gap) / 4
        let weight = importance.map { ($0 - 1) / 4 } ?? 0
        return 100 * (0.5 * need + 0.25 * weight + 0.25 * votes)
    }
}

extension Workshop {
    /// Results as the room may see them: made from the answers last shown (see
    /// `Workshop+Publication.swift`), with figures from fewer than `minGroupSize` answers
    /// withheld. Only the `rounds` given contribute (what a role may see); the others count
    /// as unanswered.
    public func tally(rounds: Set<RoundKind> = Set(RoundKind.allCases)) -> Tally {
        tally(rounds: rounds, cells: { shown.cells[$0] ?? [:] }, minimum: info.settings.minGroupSize)
    }

    /// Results of every live answer, nothing withheld: what recounts check (never sent).
    public func liveTally() -> Tally {
        tally(rounds: Set(RoundKind.allCases), cells: liveCells(in:), minimum: 1)
    }

    private func tally(
        rounds: Set<RoundKind>, cells: (RoundKind) -> [String: [String: ShownAnswers.Cell]], minimum: Int
    ) -> Tally {
        let source = Dictionary(uniqueKeysWithValues: Self.answerRounds.filter(rounds.contains).map { ($0, cells($0)) })
        let settings = info.settings
        let teamProfile = settings.roleProfile.flatMap { info.framework.roleProfile($0) }
        let groups = settings.groups.isEmpty ? nil : settings.groups.map { group in
            GroupTally(
                group: group.id,
                participants: participants.values.count(where: { $0.group == group.id }),
                competences: rows(
                    source, minimum: minimum, member: { $0.group == group.id },
                    profile: (group.roleProfile ?? settings.roleProfile).flatMap { info.framework.roleProfile($0) }))
        }
        var answered: [RoundKind: Int] = [:]
        for round in RoundKind.allCases where rounds.contains(round) { answered[round] = answeredCount(round) }
        return Tally(
            participants: participants.count, answered: answered,
            competences: rows(source, minimum: minimum, member: { _ in true }, profile: teamProfile),
            ideas: rounds.contains(.ideas) ? ideas.count : 0, minGroupSize: minimum, groups: groups)
    }

    /// One row per competence from the cells of the participants `member` accepts.
    private func rows(
        _ source: [RoundKind: [String: [String: ShownAnswers.Cell]]], minimum: Int,
        member: (ShownAnswers.Cell) -> Bool, profile: RoleProfile?
    ) -> [CompetenceTally] {
        /// Per competence every value, and those of participants with their own phone: only
        /// they count toward the minimum (a proxy's answers are in the figures, never the number).
        func values(_ round: RoundKind) -> (all: [String: [Int]], own: [String: [Int]]) {
            var all: [String: [Int]] = [:], own: [String: [Int]] = [:]
            for answers in (source[round] ?? [:]).values {
                for (competence, cell) in answers where member(cell) {
                    all[competence, default: []].append(cell.value)
                    if !cell.proxy { own[competence, default: []].append(cell.value) }
                }
            }
            return (all, own)
        }
        /// Dots and points are one allocation each: whoever took part answered every competence.
        func totals(_ round: RoundKind) -> [String: Int]? {
            let takers = (source[round] ?? [:]).values.filter { $0.values.contains(where: member) }
            let own = takers.filter { $0.values.contains { member($0) && !$0.proxy } }
            guard takers.isEmpty || minimum <= 1 || own.count >= minimum else { return nil }
            return values(round).all.mapValues { $0.reduce(0, +) }
        }
        let importance = values(.importance)
        let level = values(.level)
        let dotTotals = totals(.dots)
        let pointTotals = totals(.points)
        // The votes term uses dots when any were given, else points.
        let useDots = dotTotals.map { !$0.isEmpty } ?? true
        let voteTotals = useDots ? dotTotals : pointTotals
        let maxVotes = voteTotals?.values.max() ?? 0

        var rows = info.framework.competences.map(\.id).map { id in
            let imp = RatingStats(values: importance.all[id] ?? [], minimum: minimum, counting: importance.own[id] ?? [])
            let lev = RatingStats(values: level.all[id] ?? [], minimum: minimum, counting: level.own[id] ?? [])
            let gap = imp.mean.flatMap { i in lev.mean.map { i - $0 } }
            let split = [imp.spread, lev.spread].contains { ($0 ?? 0) >= Priority.disagreementSpread }
            let irrelevant = [imp, lev].contains { !$0.suppressed && $0.notRelevant * 2 > $0.answers }
            var priority: Double?
            if !imp.withholds, !lev.withholds, let voteTotals {
                let votes = maxVotes > 0 ? Double(voteTotals[id] ?? 0) / Double(maxVotes) : 0
                priority = Priority.score(importance: imp.mean, level: lev.mean, votes: votes)
            }
            return CompetenceTally(
                competence: id, importance: imp, level: lev, gap: gap,
                dots: dotTotals.map { $0[id] ?? 0 }, points: pointTotals.map { $0[id] ?? 0 },
                priority: priority, rank: nil, disagreement: split, mostlyNotRelevant: irrelevant,
                expectedLevel: profile?.levels[id], change: nil)
        }
        let order = rows.indices.filter { rows[$0].priority != nil }.sorted { a, b in
            let (pa, pb) = (rows[a].priority ?? 0, rows[b].priority ?? 0)
            return pa != pb ? pa > pb : a < b
        }
        for (rank, index) in order.enumerated() { rows[index].rank = rank + 1 }
        return rows
    }

    /// The participants who gave at least one answer in `round`.
    public func answeredParticipants(_ round: RoundKind) -> Set<String> {
        guard round != .ideas else { return Set(ideas.map(\.participant)) }
        return Set(liveAnswers(in: round).filter { !$0.value.isEmpty }.keys)
    }

    /// Participants who gave at least one answer in `round`.
    public func answeredCount(_ round: RoundKind) -> Int {
        guard round != .ideas else { return Set(ideas.map(\.participant)).count }
        return liveAnswers(in: round).values.count(where: { !$0.isEmpty })
    }

    /// Per competence, how many participants answered it in `round`: what a blind board
    /// may show while totals are hidden.
    public func answeredPerCompetence(_ round: RoundKind) -> [String: Int] {
        var counts: [String: Int] = [:]
        for answers in liveAnswers(in: round).values {
            for competence in answers.keys { counts[competence, default: 0] += 1 }
        }
        return counts
    }
}
