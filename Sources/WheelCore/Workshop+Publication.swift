/// What the room has been shown of each round's answers, and the rule that moves it.
///
/// Figures never come from the live answers but from `shown`, a copy that catches up with
/// them competence by competence, and only once at least `minGroupSize` answers to that
/// competence differ from it (a participant who changes an answer and changes it back has
/// not changed it), counting only participants with their own phone (a proxy's answers ride
/// along but never make up the number) and, when the workshop has groups, at least that
/// many in every group the step touches. A whole round is copied only until the room first
/// sees it (its first reveal; its opening when the board follows rounds live) and after a
/// reset: after that, re-opening, closing and revealing again move nothing by themselves.
/// So whoever sees one phone change cannot read that change off the board or a group's
/// figures. A change of sub-group counts as a change of every answer the participant gave.
///
/// What holds (checked by `Invariants.shownFollowsLive` and `shownMovesInSteps`): a shown
/// cell differs from the live answer only for the participants listed in `pending`, and a
/// released step meets the minimum for the team and for every group it touches.
public struct ShownAnswers: Hashable, Sendable {
    /// One answer as the room last saw it: the value and the answerer's group at that time.
    public struct Cell: Hashable, Sendable {
        public var value: Int
        public var group: String?
        /// Entered by the facilitator for someone without a phone: never counts toward a minimum.
        public var proxy: Bool

        public init(value: Int, group: String?, proxy: Bool = false) {
            self.value = value
            self.group = group
            self.proxy = proxy
        }
    }

    /// round -> participant -> competence -> cell (rating, dots and points rounds).
    public internal(set) var cells: [RoundKind: [String: [String: Cell]]] = [:]
    /// round -> competence -> participants whose live answer differs from the shown one.
    public internal(set) var pending: [RoundKind: [String: Set<String>]] = [:]
    /// Rounds the room has seen since they were last reset: their phase changes copy nothing.
    public internal(set) var seen: Set<RoundKind> = []
}

extension Workshop {
    /// The rounds whose answers are shown per competence (ideas are not).
    static let answerRounds: [RoundKind] = [.importance, .level, .dots, .points]

    /// `participant`'s live answer to `competence` in `round`, as a cell.
    func liveCell(_ round: RoundKind, _ participant: String, _ competence: String) -> ShownAnswers.Cell? {
        liveAnswers(in: round)[participant]?[competence].map {
            ShownAnswers.Cell(value: $0, group: participants[participant]?.group, proxy: participants[participant]?.proxy ?? false)
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
            let person = participants[entry.key]
            result[entry.key] = entry.value.mapValues {
                ShownAnswers.Cell(value: $0, group: person?.group, proxy: person?.proxy ?? false)
            }
        }
    }

    /// `round`'s phase changed: until the room has seen the round, it is shown as it is.
    mutating func phaseChanged(_ round: RoundKind) {
        guard Self.answerRounds.contains(round), !shown.seen.contains(round) else { return }
        shown.cells[round] = liveCells(in: round)
        shown.pending[round] = nil
        let phase = phase(round)
        if phase == .revealed || (!info.settings.blindVoting && phase != .idle) { shown.seen.insert(round) }
    }

    /// `round` was reset: it starts afresh, unseen.
    mutating func roundWasReset(_ round: RoundKind) {
        shown.cells[round] = nil
        shown.pending[round] = nil
        shown.seen.remove(round)
    }

    /// `participant`'s answers to `competences` in `round` changed: each competence is shown
    /// anew once enough of its answers differ from what the room saw.
    mutating func noteChanges(_ round: RoundKind, participant: String, competences: some Sequence<String>) {
        let minimum = info.settings.minGroupSize
        for competence in competences {
            var waiting = shown.pending[round]?[competence] ?? []
            waiting.insert(participant)
            waiting = waiting.filter { liveCell(round, $0, competence) != shown.cells[round]?[$0]?[competence] }
            if isStep(waiting, round, competence, minimum: minimum) {
                for person in waiting {
                    shown.cells[round, default: [:]][person, default: [:]][competence] = liveCell(round, person, competence)
                    if shown.cells[round]?[person]?.isEmpty == true { shown.cells[round]?[person] = nil }
                }
                waiting = []
            }
            shown.pending[round, default: [:]][competence] = waiting.isEmpty ? nil : waiting
        }
    }

    /// Whether the changes of `waiting` may be shown together: at least `minimum` of them from
    /// participants with their own phone, and as many in every group they touch (a change
    /// touches the group of the shown answer and that of the live one).
    private func isStep(_ waiting: Set<String>, _ round: RoundKind, _ competence: String, minimum: Int) -> Bool {
        guard minimum > 1 else { return !waiting.isEmpty }
        // What the room saw of this competence carried no number: showing the new state adds a
        // figure from enough answers, or still none, and nothing to subtract from.
        if shownOwnAnswers(round, competence) < minimum { return true }
        let real = waiting.filter { participants[$0]?.proxy != true }
        guard real.count >= minimum else { return false }
        guard !info.settings.groups.isEmpty else { return true }
        var touched: [String?: Int] = [:]
        for person in real {
            let groups = [shown.cells[round]?[person]?[competence], liveCell(round, person, competence)]
                .compactMap { $0 }.map(\.group)
            for group in Set(groups) { touched[group, default: 0] += 1 }
        }
        return touched.values.allSatisfy { $0 >= minimum }
    }

    /// How many participants with their own phone stand behind the shown figure: those who
    /// answered the competence, or for dots and points those who took part in the round.
    private func shownOwnAnswers(_ round: RoundKind, _ competence: String) -> Int {
        let cells = shown.cells[round] ?? [:]
        switch round {
        case .dots, .points: return cells.values.count(where: { $0.values.contains { !$0.proxy } })
        default: return cells.values.count(where: { $0[competence].map { !$0.proxy } ?? false })
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
