/// Summary of one rating round for one competence. "Don't know" answers are counted
/// separately and left out of the mean, median, spread and distribution.
public struct RatingStats: Codable, Hashable, Sendable {
    /// Numeric answers (1-5).
    public var count: Int
    public var dontKnow: Int
    public var mean: Double?
    public var median: Double?
    /// Population standard deviation: how split the team is.
    public var spread: Double?
    /// Answers per value: index 0 is value 1, index 4 is value 5.
    public var distribution: [Int]

    public init(values: [Int]) {
        let scores = values.filter { RatingScale.range.contains($0) }.sorted()
        count = scores.count
        dontKnow = values.count - scores.count
        distribution = RatingScale.range.map { value in scores.filter { $0 == value }.count }
        guard !scores.isEmpty else { return }
        let mean = Double(scores.reduce(0, +)) / Double(scores.count)
        self.mean = mean
        let middle = scores.count / 2
        median = scores.count.isMultiple(of: 2)
            ? Double(scores[middle - 1] + scores[middle]) / 2 : Double(scores[middle])
        let variance = scores.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(scores.count)
        spread = variance.squareRoot()
    }
}

/// Everything the results show for one competence.
public struct CompetenceTally: Codable, Hashable, Sendable {
    public var competence: String
    public var importance: RatingStats
    public var level: RatingStats
    /// Mean importance minus mean level; positive means "matters more than we master it".
    public var gap: Double?
    public var dots: Int
    public var points: Int
    /// The priority score (0-100); see `Priority`.
    public var priority: Double
    /// 1 is the competence to develop first.
    public var rank: Int
    /// The team is split on importance or level (spread at or above `Priority.disagreementSpread`).
    public var disagreement: Bool
    /// The chosen role profile's expected level, when the workshop has one.
    public var expectedLevel: Int?
    /// The change since the earlier run, when this workshop re-runs one.
    public var change: CompetenceChange?
}

public struct Tally: Codable, Hashable, Sendable {
    public var participants: Int
    /// Participants who gave at least one answer, per round.
    public var answered: [RoundKind: Int]
    public var competences: [CompetenceTally]
    /// Ideas submitted, of every status (when the ideas round is among the tallied ones).
    public var ideas: Int

    public func competence(_ id: String) -> CompetenceTally? {
        competences.first { $0.competence == id }
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
/// Missing ratings count as 0 in their term. Ties keep wheel order.
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
    /// Results derived from the stored answers; never from a client's view. Only the
    /// `rounds` given contribute (what a role may see); the others count as unanswered.
    public func tally(rounds: Set<RoundKind> = Set(RoundKind.allCases)) -> Tally {
        let competences = info.framework.competences.map(\.id)
        let importance = rounds.contains(.importance) ? Self.valuesByCompetence(ratings[.importance] ?? [:]) : [:]
        let level = rounds.contains(.level) ? Self.valuesByCompetence(ratings[.level] ?? [:]) : [:]
        let dotTotals = rounds.contains(.dots) ? Self.totalsByCompetence(dots) : [:]
        let pointTotals = rounds.contains(.points) ? Self.totalsByCompetence(points) : [:]
        let useDots = !dotTotals.isEmpty
        let voteTotals = useDots ? dotTotals : pointTotals
        let maxVotes = voteTotals.values.max() ?? 0
        let profile = info.settings.roleProfile.flatMap { info.framework.roleProfile($0) }

        var rows = competences.map { id in
            let imp = RatingStats(values: importance[id] ?? [])
            let lev = RatingStats(values: level[id] ?? [])
            let gap = imp.mean.flatMap { i in lev.mean.map { i - $0 } }
            let votes = maxVotes > 0 ? Double(voteTotals[id] ?? 0) / Double(maxVotes) : 0
            let split = [imp.spread, lev.spread].contains { ($0 ?? 0) >= Priority.disagreementSpread }
            return CompetenceTally(
                competence: id, importance: imp, level: lev, gap: gap,
                dots: dotTotals[id] ?? 0, points: pointTotals[id] ?? 0,
                priority: Priority.score(importance: imp.mean, level: lev.mean, votes: votes),
                rank: 0, disagreement: split, expectedLevel: profile?.levels[id], change: nil
            )
        }
        let order = rows.indices.sorted { a, b in
            rows[a].priority != rows[b].priority ? rows[a].priority > rows[b].priority : a < b
        }
        for (rank, index) in order.enumerated() { rows[index].rank = rank + 1 }

        var answered: [RoundKind: Int] = [:]
        for round in RoundKind.allCases { answered[round] = answeredCount(round) }
        return Tally(
            participants: participants.count, answered: answered.filter { rounds.contains($0.key) },
            competences: rows, ideas: rounds.contains(.ideas) ? ideas.count : 0)
    }

    /// The participants who gave at least one answer in `round`.
    public func answeredParticipants(_ round: RoundKind) -> Set<String> {
        guard round != .ideas else { return Set(ideas.map(\.participant)) }
        return Set(answersByParticipant(in: round).filter { !$0.value.isEmpty }.keys)
    }

    /// Participants who gave at least one answer in `round`.
    public func answeredCount(_ round: RoundKind) -> Int {
        guard round != .ideas else { return Set(ideas.map(\.participant)).count }
        return answersByParticipant(in: round).values.filter { !$0.isEmpty }.count
    }

    /// Per competence, how many participants answered it in `round`: what a blind board
    /// may show while totals are hidden.
    public func answeredPerCompetence(_ round: RoundKind) -> [String: Int] {
        var counts: [String: Int] = [:]
        for answers in answersByParticipant(in: round).values {
            for competence in answers.keys { counts[competence, default: 0] += 1 }
        }
        return counts
    }

    /// `round`'s answers, participant -> competence -> value; ideas are not per competence (none).
    private func answersByParticipant(in round: RoundKind) -> [String: [String: Int]] {
        switch round {
        case .importance, .level: ratings[round] ?? [:]
        case .dots: dots
        case .points: points
        case .ideas: [:]
        }
    }

    private static func valuesByCompetence(_ byParticipant: [String: [String: Int]]) -> [String: [Int]] {
        var values: [String: [Int]] = [:]
        for answers in byParticipant.values { for (competence, value) in answers { values[competence, default: []].append(value) } }
        return values
    }

    private static func totalsByCompetence(_ byParticipant: [String: [String: Int]]) -> [String: Int] {
        valuesByCompetence(byParticipant).mapValues { $0.reduce(0, +) }
    }
}
