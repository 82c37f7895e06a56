/// Summary of one rating round for one competence. "Ved ikke" (0) and "Ikke relevant" (-1)
/// are counted each on its own and left out of the mean, median, spread and distribution.
///
/// Two levels of withholding, both by the workshop's minimum group size k (docs/results.md):
/// fewer than k answers (of any kind, but more than none) and the cell is `suppressed`, with
/// no number at all; k or more answers but between 1 and k-1 numeric ones, and only the
/// counts are shown (`valuesSuppressed`).
public struct RatingStats: Hashable, Sendable {
    /// Numeric answers (1-5).
    public var count: Int
    public var dontKnow: Int
    public var notRelevant: Int
    public var mean: Double?
    public var median: Double?
    /// Population standard deviation: how split the team is.
    public var spread: Double?
    /// Answers per value: index 0 is value 1, index 4 is value 5.
    public var distribution: [Int]
    /// Too few answered: nothing about this cell is shown.
    public var suppressed = false
    /// Enough answered, too few with a number: counts only, no mean or distribution.
    public var valuesSuppressed = false

    /// Every answer, numeric or not.
    public var answers: Int { count + dontKnow + notRelevant }
    /// Whether the cell withholds anything.
    public var withholds: Bool { suppressed || valuesSuppressed }

    /// The minimum applies to `counting` (the answers of participants with their own phone),
    /// all of `values` by default.
    public init(values: [Int], minimum: Int = 1, counting: [Int]? = nil) {
        let counted = counting ?? values
        let countedNumbers = counted.count(where: { RatingScale.range.contains($0) })
        let scores = values.filter { RatingScale.range.contains($0) }.sorted()
        count = scores.count
        dontKnow = values.count(where: { $0 == RatingScale.dontKnow })
        notRelevant = values.count(where: { $0 == RatingScale.notRelevant })
        distribution = RatingScale.range.map { value in scores.count(where: { $0 == value }) }
        // A minimum of 1 withholds nothing, not even a proxy's lone answer.
        if minimum > 1 && values.count > 0 && counted.count < minimum {
            self = .withheld
            return
        }
        if minimum > 1 && count > 0 && countedNumbers < minimum {
            valuesSuppressed = true
            distribution = []
            return
        }
        guard !scores.isEmpty else { return }
        let mean = Double(scores.reduce(0, +)) / Double(scores.count)
        self.mean = mean
        let middle = scores.count / 2
        median = scores.count.isMultiple(of: 2)
            ? Double(scores[middle - 1] + scores[middle]) / 2 : Double(scores[middle])
        let variance = scores.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(scores.count)
        spread = variance.squareRoot()
    }

    /// A cell with too few answers: no counts, no figures.
    public static let withheld: RatingStats = {
        var stats = RatingStats(values: [])
        stats.distribution = []
        stats.suppressed = true
        return stats
    }()
}

/// On the wire a withheld cell carries no number: `{"suppressed":true}`, or the counts with
/// `"valuesSuppressed":true` and no mean, median, spread or distribution.
extension RatingStats: Codable {
    private enum Keys: String, CodingKey {
        case count, dontKnow, notRelevant, mean, median, spread, distribution, suppressed, valuesSuppressed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        if suppressed {
            try c.encode(true, forKey: .suppressed)
            return
        }
        try c.encode(count, forKey: .count)
        try c.encode(dontKnow, forKey: .dontKnow)
        try c.encode(notRelevant, forKey: .notRelevant)
        if valuesSuppressed {
            try c.encode(true, forKey: .valuesSuppressed)
            return
        }
        try c.encodeIfPresent(mean, forKey: .mean)
        try c.encodeIfPresent(median, forKey: .median)
        try c.encodeIfPresent(spread, forKey: .spread)
        try c.encode(distribution, forKey: .distribution)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 0
        dontKnow = try c.decodeIfPresent(Int.self, forKey: .dontKnow) ?? 0
        notRelevant = try c.decodeIfPresent(Int.self, forKey: .notRelevant) ?? 0
        mean = try c.decodeIfPresent(Double.self, forKey: .mean)
        median = try c.decodeIfPresent(Double.self, forKey: .median)
        spread = try c.decodeIfPresent(Double.self, forKey: .spread)
        distribution = try c.decodeIfPresent([Int].self, forKey: .distribution) ?? []
        suppressed = try c.decodeIfPresent(Bool.self, forKey: .suppressed) ?? false
        valuesSuppressed = try c.decodeIfPresent(Bool.self, forKey: .valuesSuppressed) ?? false
    }
}
