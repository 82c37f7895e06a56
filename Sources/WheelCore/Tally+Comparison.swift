/// How a competence moved since an earlier run of the workshop (this run minus the earlier).
public struct CompetenceChange: Codable, Hashable, Sendable {
    public var importance: Double?
    public var level: Double?
    public var gap: Double?
    /// Set only when both runs' dots (points) are part of the comparison and shown.
    public var dots: Int?
    public var points: Int?
    public var rank: Int?
}

extension Tally {
    /// Adds each competence's change since `earlier`; competences the earlier run lacked get
    /// none, and a figure withheld in either run has no change.
    public func compared(to earlier: Tally) -> Tally {
        var result = self
        for index in result.competences.indices {
            let now = result.competences[index]
            guard let before = earlier.competence(now.competence) else { continue }
            func difference(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { a in b.map { a - $0 } } }
            func difference(_ a: Int?, _ b: Int?) -> Int? { a.flatMap { a in b.map { a - $0 } } }
            // A round counts when both tallies include it (`answered` lists the rounds a tally covers).
            func compared(_ round: RoundKind) -> Bool { answered[round] != nil && earlier.answered[round] != nil }
            result.competences[index].change = CompetenceChange(
                importance: difference(now.importance.mean, before.importance.mean),
                level: difference(now.level.mean, before.level.mean),
                gap: difference(now.gap, before.gap),
                dots: compared(.dots) ? difference(now.dots, before.dots) : nil,
                points: compared(.points) ? difference(now.points, before.points) : nil,
                rank: difference(now.rank, before.rank))
        }
        return result
    }
}
