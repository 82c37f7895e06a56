/// What the room has been shown of each round's answers, and the rule that moves it.
///
/// Figures never come from the live answers but from `shown`, a copy that catches up with
/// them competence by competence, and only once at least `minGroupSize` answers to that
/// competence differ from it (a participant who changes an answer and changes it back has
/// not changed it), or for the whole round when it opens, closes, is revealed or reset.
/// So whoever sees one phone change cannot read that change off the board: every step mixes
/// the changes of at least `minGroupSize` people. A change of sub-group counts as a change
/// of every answer the participant gave, because it moves them between groups' figures.
///
/// What holds (checked by `Invariants.shownFollowsLive`): a shown cell differs from the live
/// answer only for the participants listed in `pending`, and each pending list is shorter
/// than `minGroupSize`.
public struct ShownAnswers: Hashable, Sendable {
    /// One answer as the room last saw it: the value and the answerer's group at that time.
    public struct Cell: Hashable, Sendable {
        public var value: Int
        public var group: String?

        public init(value: Int, group: String?) {
            self.value = value
            self.group = group
        }
    }

    /// round -> participant -> competence -> cell (rating, dots and points rounds).
    public internal(set) var cells: [RoundKind: [String: [String: Cell]]] = [:]
    /// round -> competence -> participants whose live answer differs from the shown one.
    public internal(set) var pending: [RoundKind: [String: Set<String>]] = [:]
}

extension Workshop {
    /// The rounds whose answers are shown per competence (ideas are not).
    static let answerRounds: [RoundKind] = [.importance, .level, .dots, .points]

    /// `participant`'s live answer to `competence` in `round`, as a cell.
    func liveCell(_ round: RoundKind, _ participant: String, _ competence: String) -> ShownAnswers.Cell? {
        liveAnswers(in: round)[participant]?[competence].map {
            ShownAnswers.Cell(value: $0, group: participants[participant]?.group)
        }
    }

    /// `round`'s live answers, participant -> competence -> value.
    func liveAnswers(in round: RoundKind) -> [String: [String: Int]] {
        switch round {
        case .importance, .level: ratings[round] ?? [:]
        case .dots: dots
        case .points: points
        case .ideas: [:]
        }
    }

    /// Every live answer of `round` as cells: what `shown` holds right after a phase change.
    func liveCells(in round: RoundKind) -> [String: [String: ShownAnswers.Cell]] {
        liveAnswers(in: round).reduce(into: [:]) { result, entry in
            let group = participants[entry.key]?.group
            result[entry.key] = entry.value.mapValues { ShownAnswers.Cell(value: $0, group: group) }
        }
    }

    /// The room sees `round` as it is now (its phase changed).
    mutating func showRound(_ round: RoundKind) {
        guard Self.answerRounds.contains(round) else { return }
        shown.cells[round] = liveCells(in: round)
        shown.pending[round] = nil
    }

    /// `participant`'s answers to `competences` in `round` changed: each competence is shown
    /// anew once enough of its answers differ from what the room saw.
    mutating func noteChanges(_ round: RoundKind, participant: String, competences: some Sequence<String>) {
        let minimum = info.settings.minGroupSize
        for competence in competences {
            var waiting = shown.pending[round]?[competence] ?? []
            waiting.insert(participant)
            waiting = waiting.filter { liveCell(round, $0, competence) != shown.cells[round]?[$0]?[competence] }
            if waiting.count >= minimum {
                for person in waiting {
                    shown.cells[round, default: [:]][person, default: [:]][competence] = liveCell(round, person, competence)
                    if shown.cells[round]?[person]?.isEmpty == true { shown.cells[round]?[person] = nil }
                }
                waiting = []
            }
            shown.pending[round, default: [:]][competence] = waiting.isEmpty ? nil : waiting
        }
    }

    /// `participant` moved to another group: every answer they gave counts as changed.
    mutating func noteGroupChange(of participant: String) {
        for round in Self.answerRounds {
            let live = liveAnswers(in: round)[participant]?.keys.map { $0 } ?? []
            let seen = shown.cells[round]?[participant]?.keys.map { $0 } ?? []
            noteChanges(round, participant: participant, competences: Set(live).union(seen))
        }
    }
}
