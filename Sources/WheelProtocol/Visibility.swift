import WheelCore

/// The parts of a view an update carries.
public struct ViewSections: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let rounds = ViewSections(rawValue: 1 << 0)
    public static let focus = ViewSections(rawValue: 1 << 1)
    public static let counts = ViewSections(rawValue: 1 << 2)
    public static let results = ViewSections(rawValue: 1 << 3)
    public static let ideas = ViewSections(rawValue: 1 << 4)
    public static let people = ViewSections(rawValue: 1 << 5)
    public static let actions = ViewSections(rawValue: 1 << 6)
    public static let all: ViewSections = [.rounds, .focus, .counts, .results, .ideas, .people, .actions]
}

/// What each role may see: the one place that rule lives.
///
/// - Participants see phases, the board focus, and results and approved ideas only of
///   revealed rounds; never counts while a round runs, never another person's answers.
/// - The board sees counts and names; results of revealed rounds (every round when the
///   workshop does not vote blind); approved ideas.
/// - The facilitator sees everything aggregated, every idea with its status, and names.
public enum Visibility {
    public static func resultRounds(for role: Role, in workshop: Workshop) -> Set<RoundKind> {
        switch role {
        case .facilitator:
            return Set(RoundKind.allCases)
        case .board where !workshop.info.settings.blindVoting:
            return Set(RoundKind.allCases)
        case .board, .participant:
            return Set(RoundKind.allCases.filter { workshop.phase($0) == .revealed })
        }
    }

    public static func sections(for role: Role) -> ViewSections {
        switch role {
        case .participant: [.rounds, .focus, .results, .ideas, .actions]
        case .board, .facilitator: .all
        }
    }

    /// The view of `workshop` for `role`, limited to `sections`. With a `baseline` (the run
    /// this workshop repeats) results carry each competence's change since then, compared
    /// over the same rounds the role may see.
    public static func view(
        of workshop: Workshop, for role: Role, sections requested: ViewSections = .all, baseline: Workshop? = nil
    ) -> View {
        let sections = requested.intersection(self.sections(for: role))
        var view = View()
        if sections.contains(.rounds) {
            view.rounds = Dictionary(uniqueKeysWithValues: RoundKind.allCases.map { ($0, workshop.phase($0)) })
            view.activeRound = workshop.activeRound
        }
        if sections.contains(.focus) { view.focus = workshop.focus }
        if sections.contains(.counts) {
            view.participants = workshop.participants.count
            view.answered = Dictionary(uniqueKeysWithValues: RoundKind.allCases.map { ($0, workshop.answeredCount($0)) })
            view.progress = workshop.activeRound.map { workshop.answeredPerCompetence($0) } ?? [:]
        }
        if sections.contains(.results) {
            let rounds = resultRounds(for: role, in: workshop)
            var tally = workshop.tally(rounds: rounds)
            if let baseline { tally = tally.compared(to: baseline.tally(rounds: rounds)) }
            if role != .facilitator {
                // Only approved ideas are anyone's business but the facilitator's.
                tally.ideas = rounds.contains(.ideas) ? workshop.ideas.filter { $0.status == .approved }.count : 0
            }
            view.results = tally
        }
        if sections.contains(.ideas) {
            switch role {
            case .facilitator:
                view.ideas = workshop.ideas.map(PublicIdea.init)
            case .board:
                view.ideas = workshop.ideas.filter { $0.status == .approved }.map(PublicIdea.init)
            case .participant:
                view.ideas = workshop.phase(.ideas) == .revealed
                    ? workshop.ideas.filter { $0.status == .approved }.map(PublicIdea.init) : []
            }
        }
        if sections.contains(.actions) { view.actions = workshop.actions }
        if sections.contains(.people) {
            view.people = workshop.participantOrder.compactMap { workshop.participants[$0] }.map(Person.init)
        }
        return view
    }

    /// Which sections a batch of events changes.
    public static func changedSections(by events: [WorkshopEvent]) -> ViewSections {
        var sections: ViewSections = []
        for event in events {
            switch event {
            case .joined, .renamed: sections.formUnion([.counts, .people])
            case .roundOpened, .roundClosed: sections.formUnion([.rounds, .counts])
            case .roundRevealed, .roundReset: sections.formUnion([.rounds, .counts, .results, .ideas])
            case .rated, .dotsSet, .pointsAllocated: sections.formUnion([.counts, .results])
            case .ideaSubmitted, .ideaModerated: sections.formUnion([.ideas, .counts])
            case .focused: sections.insert(.focus)
            case .actionSaved, .actionRemoved: sections.insert(.actions)
            }
        }
        return sections
    }
}
