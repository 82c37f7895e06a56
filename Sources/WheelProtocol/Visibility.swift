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
    /// Idea changes phones cannot see (a pending idea, a backing): they resend `ideas` to the
    /// board and facilitator only.
    public static let ideaDetails = ViewSections(rawValue: 1 << 7)
    /// A participant changed group: every group's results move, phones' included.
    public static let groupResults = ViewSections(rawValue: 1 << 8)
    public static let all: ViewSections = [.rounds, .focus, .counts, .results, .ideas, .people, .actions, .ideaDetails]
}

/// What each role may see: the one place that rule lives.
///
/// - Participants see phases, the board focus, and results only of revealed rounds; approved
///   ideas while the ideas round is open (to back them) or revealed, never their backing;
///   never counts while a round runs, never another person's answers.
/// - The board sees counts and names; results of revealed rounds (every round when the
///   workshop does not vote blind); approved ideas with their backing.
/// - The facilitator sees the board's results, every idea with its status and backing, and names.
/// - Every figure is made from the answers last shown to the room, with those from fewer than
///   `minGroupSize` answers withheld (`Workshop+Publication.swift`, `Tally.swift`).
public enum Visibility {
    /// The rounds whose results `role` sees. The facilitator sees what the board sees: before a
    /// reveal only how many answered (`counts`), which is enough to steer (issue 12's rule).
    public static func resultRounds(for role: Role, in workshop: Workshop) -> Set<RoundKind> {
        switch role {
        case .board where !workshop.info.settings.blindVoting, .facilitator where !workshop.info.settings.blindVoting:
            return Set(RoundKind.allCases)
        case .board, .participant, .facilitator:
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
            view.timer = workshop.timer
        }
        if sections.contains(.focus) { view.focus = workshop.focus }
        if sections.contains(.counts) {
            view.participants = workshop.participants.count
            view.answered = Dictionary(uniqueKeysWithValues: RoundKind.allCases.map { ($0, workshop.answeredCount($0)) })
            // Per competence only while the round takes answers: after that, results speak.
            if let round = workshop.activeRound, workshop.phase(round) == .open {
                view.progress = workshop.answeredPerCompetence(round)
            } else {
                view.progress = [:]
            }
        }
        if sections.contains(.results) {
            let rounds = resultRounds(for: role, in: workshop)
            var tally = workshop.tally(rounds: rounds)
            if let baseline { tally = tally.compared(to: baseline.tally(rounds: rounds)) }
            if role == .participant {
                // Phones get results only with phase changes, so nothing in theirs may move
                // with a join: they count the people behind the revealed rounds.
                tally.participants = rounds.reduce(into: Set<String>()) { $0.formUnion(workshop.answeredParticipants($1)) }.count
            }
            view.results = tally
        }
        if !sections.isDisjoint(with: [.ideas, .ideaDetails]) {
            view.ideas = ideas(of: workshop, for: role)
        }
        if sections.contains(.actions) { view.actions = workshop.actions }
        if sections.contains(.people) {
            view.people = workshop.participantOrder.compactMap { workshop.participants[$0] }.map(Person.init)
        }
        return view
    }

    /// The ideas `role` sees, in submission order (the board ranks its wall by `backing`).
    static func ideas(of workshop: Workshop, for role: Role) -> [PublicIdea] {
        let counts = workshop.backingCounts()
        switch role {
        case .facilitator:
            return workshop.ideas.map { PublicIdea($0, backing: counts[$0.id] ?? 0) }
        case .board:
            return workshop.ideas.filter { $0.status == .approved }.map { PublicIdea($0, backing: counts[$0.id] ?? 0) }
        case .participant:
            guard participantsSeeIdeas(workshop) else { return [] }
            return workshop.ideas.filter { $0.status == .approved }.map { PublicIdea($0) }
        }
    }

    /// Phones see approved ideas while they can back them: the round open, or revealed.
    static func participantsSeeIdeas(_ workshop: Workshop) -> Bool {
        [.open, .revealed].contains(workshop.phase(.ideas))
    }

    /// Which sections a batch of events changes (for a role that sees everything).
    public static func changedSections(by events: [WorkshopEvent]) -> ViewSections {
        var sections: ViewSections = []
        for event in events {
            switch event {
            // `results.participants` counts everyone who joined.
            case .joined: sections.formUnion([.counts, .people, .results])
            case .renamed: sections.insert(.people)
            // Moving between groups changes the groups' results and counts.
            case .grouped: sections.formUnion([.people, .results, .groupResults])
            // Any phase change can change which rounds' results and ideas a role sees
            // (re-opening a revealed round hides it again).
            case .roundOpened, .roundClosed, .roundRevealed, .roundReset:
                sections.formUnion([.rounds, .counts, .results, .ideas])
            case .rated, .dotsSet, .pointsAllocated: sections.formUnion([.counts, .results])
            // `results.ideas` counts ideas.
            // A new idea is pending: phones cannot see it.
            case .ideaSubmitted: sections.formUnion([.ideaDetails, .counts, .results])
            case .ideaModerated, .ideaMerged: sections.insert(.ideas)
            case .ideaBacked: sections.insert(.ideaDetails)
            case .focused: sections.insert(.focus)
            // The timer travels with the rounds.
            case .timerStarted, .timerCancelled: sections.insert(.rounds)
            case .actionSaved, .actionRemoved: sections.insert(.actions)
            }
        }
        return sections
    }

    /// The sections `role` is sent when `changed` changed in `workshop` (its state after the
    /// change). Phones get results and ideas only with a phase change (results also when
    /// someone changes group, which moves the groups' figures), or approved ideas
    /// when moderation or a merge changes them while they see ideas: thousands of phones, and
    /// nothing new for them in a vote or a backing. What they may see of those cannot move
    /// otherwise (see `view`).
    public static func updateSections(for role: Role, changed: ViewSections, in workshop: Workshop) -> ViewSections {
        guard role == .participant else { return changed.intersection(sections(for: role)) }
        var result = changed.intersection([.rounds, .focus, .actions])
        if changed.contains(.rounds) { result.formUnion([.results, .ideas]) }
        if changed.contains(.groupResults) { result.insert(.results) }
        if changed.contains(.ideas) && participantsSeeIdeas(workshop) { result.insert(.ideas) }
        return result
    }
}
