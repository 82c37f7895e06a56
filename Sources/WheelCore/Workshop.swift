import Foundation

/// What a workshop is, fixed at creation.
public struct WorkshopInfo: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var joinCode: String
    public var facilitatorToken: String
    public var language: Language
    public var settings: WorkshopSettings
    public var framework: Framework
    public var createdAt: Date
    /// The earlier workshop this one re-runs, for comparisons.
    public var rerunOf: String?

    public init(
        id: String, title: String, joinCode: String, facilitatorToken: String, language: Language,
        settings: WorkshopSettings, framework: Framework, createdAt: Date, rerunOf: String? = nil
    ) {
        self.id = id
        self.title = title
        self.joinCode = joinCode
        self.facilitatorToken = facilitatorToken
        self.language = language
        self.settings = settings
        self.framework = framework
        self.createdAt = createdAt
        self.rerunOf = rerunOf
    }
}

public struct Participant: Codable, Hashable, Sendable {
    public var id: String
    public var name: String?
    /// Entered by the facilitator for someone without a phone: counted, and flagged.
    public var proxy: Bool
}

public enum IdeaStatus: String, Codable, Sendable {
    case pending
    case approved
    case rejected
}

public struct Idea: Codable, Hashable, Sendable {
    public var id: String
    public var participant: String
    public var text: String
    public var competence: String?
    public var status: IdeaStatus
}

/// What the board shows besides a round: the lobby, the introduction to the wheel
/// (optionally one dimension, competence or case), or a result view.
public struct BoardFocus: Codable, Hashable, Sendable {
    public enum Screen: String, Codable, Sendable {
        case lobby, intro, round, results, actions
    }

    public var screen: Screen
    public var dimension: String?
    public var competence: String?
    public var caseID: String?
    public var view: String?

    public init(
        screen: Screen, dimension: String? = nil, competence: String? = nil, caseID: String? = nil,
        view: String? = nil
    ) {
        self.screen = screen
        self.dimension = dimension
        self.competence = competence
        self.caseID = caseID
        self.view = view
    }

    public static let lobby = BoardFocus(screen: .lobby)
}

/// The facts a workshop's state is made of. Stored in order; replaying them rebuilds the state.
public enum WorkshopEvent: Codable, Hashable, Sendable {
    case joined(participant: String, token: String, name: String?, proxy: Bool)
    case renamed(participant: String, name: String?)
    case roundOpened(RoundKind)
    case roundClosed(RoundKind)
    case roundRevealed(RoundKind)
    case roundReset(RoundKind)
    case rated(participant: String, round: RoundKind, competence: String, value: Int)
    case dotsSet(participant: String, competence: String, count: Int)
    case pointsAllocated(participant: String, points: [String: Int])
    case ideaSubmitted(idea: String, participant: String, text: String, competence: String?)
    case ideaModerated(idea: String, status: IdeaStatus)
    case focused(BoardFocus)
    case actionSaved(ActionItem)
    case actionRemoved(String)
}

/// Who is asking.
public enum Actor: Hashable, Sendable {
    case participant(String)
    case facilitator
}

/// A request to change a workshop. `decide` validates it against the current state.
public enum Command: Hashable, Sendable {
    case rate(round: RoundKind, competence: String, value: Int)
    case setDots(competence: String, count: Int)
    case allocatePoints([String: Int])
    case submitIdea(idea: String, text: String, competence: String?)
    case rename(String?)
    case openRound(RoundKind)
    case closeRound(RoundKind)
    case revealRound(RoundKind)
    case resetRound(RoundKind)
    case moderateIdea(idea: String, approve: Bool)
    case focus(BoardFocus)
    case saveAction(ActionItem)
    case removeAction(String)
    indirect case proxy(participant: String, Command)

    var needsFacilitator: Bool {
        switch self {
        case .rate, .setDots, .allocatePoints, .submitIdea, .rename: false
        default: true
        }
    }
}

/// A workshop's live state: pure values, rebuilt from its events.
public struct Workshop: Sendable {
    public let info: WorkshopInfo
    public private(set) var phases: [RoundKind: RoundPhase] = [:]
    /// The round phones show: the one most recently opened.
    public private(set) var activeRound: RoundKind?
    public private(set) var participants: [String: Participant] = [:]
    public private(set) var participantOrder: [String] = []
    public private(set) var tokens: [String: String] = [:]
    /// round -> participant -> competence -> value (importance and level rounds).
    public private(set) var ratings: [RoundKind: [String: [String: Int]]] = [:]
    public private(set) var dots: [String: [String: Int]] = [:]
    public private(set) var points: [String: [String: Int]] = [:]
    public private(set) var ideas: [Idea] = []
    public private(set) var focus: BoardFocus = .lobby
    /// The action plan, in the order actions were first added.
    public private(set) var actions: [ActionItem] = []
    /// How many events have been applied; the workshop's version.
    public private(set) var version = 0

    private let competenceIDs: Set<String>

    public init(info: WorkshopInfo) {
        self.info = info
        self.competenceIDs = info.framework.competenceIDs
    }

    public func phase(_ round: RoundKind) -> RoundPhase { phases[round] ?? .idle }

    public func participant(forToken token: String) -> Participant? {
        tokens[token].flatMap { participants[$0] }
    }

    // MARK: Applying events

    public mutating func apply(_ event: WorkshopEvent) {
        version += 1
        switch event {
        case .joined(let id, let token, let name, let proxy):
            if participants[id] == nil { participantOrder.append(id) }
            participants[id] = Participant(id: id, name: name, proxy: proxy)
            tokens[token] = id
        case .renamed(let id, let name):
            participants[id]?.name = name
        case .roundOpened(let round):
            phases[round] = .open
            activeRound = round
        case .roundClosed(let round):
            phases[round] = .closed
        case .roundRevealed(let round):
            phases[round] = .revealed
        case .roundReset(let round):
            phases[round] = .idle
            if activeRound == round { activeRound = nil }
            switch round {
            case .importance, .level: ratings[round] = [:]
            case .dots: dots = [:]
            case .points: points = [:]
            case .ideas: ideas = []
            }
        case .rated(let participant, let round, let competence, let value):
            ratings[round, default: [:]][participant, default: [:]][competence] = value
        case .dotsSet(let participant, let competence, let count):
            dots[participant, default: [:]][competence] = count == 0 ? nil : count
        case .pointsAllocated(let participant, let allocation):
            points[participant] = allocation.filter { $0.value > 0 }
        case .ideaSubmitted(let id, let participant, let text, let competence):
            ideas.append(Idea(id: id, participant: participant, text: text, competence: competence, status: .pending))
        case .ideaModerated(let id, let status):
            if let index = ideas.firstIndex(where: { $0.id == id }) { ideas[index].status = status }
        case .focused(let focus):
            self.focus = focus
        case .actionSaved(let action):
            if let index = actions.firstIndex(where: { $0.id == action.id }) {
                actions[index] = action
            } else {
                actions.append(action)
            }
        case .actionRemoved(let id):
            actions.removeAll { $0.id == id }
        }
    }

    // MARK: Deciding commands

    /// The events a join produces, or why it is refused.
    public func decideJoin(participant id: String, token: String, name: String?, proxy: Bool = false)
        throws(WorkshopError) -> [WorkshopEvent]
    {
        guard participants.count < info.settings.maxParticipants else {
            throw .workshopFull(limit: info.settings.maxParticipants)
        }
        return [.joined(participant: id, token: token, name: try Self.cleanName(name), proxy: proxy)]
    }

    /// The events `command` produces when `actor` sends it, or why it is refused.
    /// Deciding never changes state: the caller stores the events, then applies them.
    public func decide(_ command: Command, by actor: Actor) throws(WorkshopError) -> [WorkshopEvent] {
        switch actor {
        case .facilitator:
            return try decideFacilitator(command)
        case .participant(let id):
            guard !command.needsFacilitator else { throw .notFacilitator }
            guard participants[id] != nil else { throw .unknownParticipant(id) }
            return try decideParticipant(command, participant: id)
        }
    }

    private func decideFacilitator(_ command: Command) throws(WorkshopError) -> [WorkshopEvent] {
        switch command {
        case .openRound(let round):
            guard phase(round) != .open else { throw .invalidTransition(round: round, from: .open, action: "open") }
            // One round is open at a time: opening one closes any other.
            let others = RoundKind.allCases.filter { $0 != round && phase($0) == .open }
            return others.map { .roundClosed($0) } + [.roundOpened(round)]
        case .closeRound(let round):
            guard phase(round) == .open else {
                throw .invalidTransition(round: round, from: phase(round), action: "close")
            }
            return [.roundClosed(round)]
        case .revealRound(let round):
            switch phase(round) {
            case .open: return [.roundClosed(round), .roundRevealed(round)]
            case .closed: return [.roundRevealed(round)]
            case .idle, .revealed:
                throw .invalidTransition(round: round, from: phase(round), action: "reveal")
            }
        case .resetRound(let round):
            return [.roundReset(round)]
        case .moderateIdea(let id, let approve):
            guard ideas.contains(where: { $0.id == id }) else { throw .unknownIdea(id) }
            return [.ideaModerated(idea: id, status: approve ? .approved : .rejected)]
        case .focus(let focus):
            try validate(focus)
            return [.focused(focus)]
        case .saveAction(let action):
            let isNew = !actions.contains { $0.id == action.id }
            guard !isNew || actions.count < ActionItem.maxActions else {
                throw .invalidValue("At most \(ActionItem.maxActions) actions.")
            }
            return [.actionSaved(try action.validated(in: self))]
        case .removeAction(let id):
            guard actions.contains(where: { $0.id == id }) else { throw .invalidValue("No action '\(id)'.") }
            return [.actionRemoved(id)]
        case .proxy(let participant, let inner):
            guard let person = participants[participant], person.proxy else {
                throw .unknownParticipant(participant)
            }
            guard !inner.needsFacilitator else { throw .invalidValue("A proxy can only vote.") }
            return try decideParticipant(inner, participant: participant)
        case .rate, .setDots, .allocatePoints, .submitIdea, .rename:
            throw .invalidValue("The facilitator votes through proxy participants.")
        }
    }

    private func decideParticipant(_ command: Command, participant: String) throws(WorkshopError)
        -> [WorkshopEvent]
    {
        switch command {
        case .rate(let round, let competence, let value):
            guard round.isRating else { throw .wrongRound(expected: "rating", got: round) }
            try requireOpen(round)
            try requireCompetence(competence)
            guard value == RatingScale.dontKnow || RatingScale.range.contains(value) else {
                throw .invalidValue("A rating is 1 to 5, or 0 for \"don't know\".")
            }
            return [.rated(participant: participant, round: round, competence: competence, value: value)]
        case .setDots(let competence, let count):
            try requireOpen(.dots)
            try requireCompetence(competence)
            guard count >= 0 else { throw .invalidValue("Dots cannot be negative.") }
            guard count <= info.settings.maxDotsPerCompetence else {
                throw .dotsPerCompetence(limit: info.settings.maxDotsPerCompetence)
            }
            // Each stored count is within maxDotsPerCompetence, so this sum cannot overflow.
            let others = (dots[participant] ?? [:]).filter { $0.key != competence }.values.reduce(0, +)
            guard others + count <= info.settings.dotsPerParticipant else {
                throw .dotsExhausted(limit: info.settings.dotsPerParticipant)
            }
            return [.dotsSet(participant: participant, competence: competence, count: count)]
        case .allocatePoints(let allocation):
            try requireOpen(.points)
            // Client numbers: checked, never trapping. Each value is 0-100, so the sum of a
            // valid allocation stays small; anything larger is refused before it is added.
            var sum = 0
            for (competence, value) in allocation {
                try requireCompetence(competence)
                guard value >= 0 else { throw .invalidValue("Points cannot be negative.") }
                guard value <= Limits.pointsTotal else {
                    throw .invalidValue("Points on one competence are 0 to \(Limits.pointsTotal).")
                }
                let (next, overflow) = sum.addingReportingOverflow(value)
                guard !overflow else { throw .invalidValue("Points must sum to \(Limits.pointsTotal).") }
                sum = next
            }
            guard sum == Limits.pointsTotal else { throw .pointsSum(got: sum) }
            return [.pointsAllocated(participant: participant, points: allocation)]
        case .submitIdea(let id, let text, let competence):
            try requireOpen(.ideas)
            if let competence { try requireCompetence(competence) }
            let trimmed = try DisplayText.idea(text)
            guard ideas.filter({ $0.participant == participant }).count < Limits.ideasPerParticipant else {
                throw .tooManyIdeas(limit: Limits.ideasPerParticipant)
            }
            return [.ideaSubmitted(idea: id, participant: participant, text: trimmed, competence: competence)]
        case .rename(let name):
            return [.renamed(participant: participant, name: try Self.cleanName(name))]
        default:
            throw .notFacilitator
        }
    }

    private func requireOpen(_ round: RoundKind) throws(WorkshopError) {
        guard phase(round) == .open else { throw .roundNotOpen(round) }
    }

    private func requireCompetence(_ id: String) throws(WorkshopError) {
        guard competenceIDs.contains(id) else { throw .unknownCompetence(id) }
    }

    private func validate(_ focus: BoardFocus) throws(WorkshopError) {
        let framework = info.framework
        if let dimension = focus.dimension, !framework.dimensions.contains(where: { $0.id == dimension }) {
            throw .invalidValue("No dimension '\(dimension)'.")
        }
        if let competence = focus.competence { try requireCompetence(competence) }
        if let caseID = focus.caseID, !framework.cases.contains(where: { $0.id == caseID }) {
            throw .invalidValue("No case '\(caseID)'.")
        }
    }

    /// A display name as it is stored and shown: see `DisplayText.name`; empty means anonymous.
    static func cleanName(_ name: String?) throws(WorkshopError) -> String? {
        try DisplayText.name(name)
    }

    // MARK: Views of one participant

    /// A participant's own answers, for the reconnect snapshot.
    public func answers(of participant: String) -> ParticipantAnswers {
        ParticipantAnswers(
            importance: ratings[.importance]?[participant] ?? [:],
            level: ratings[.level]?[participant] ?? [:],
            dots: dots[participant] ?? [:],
            points: points[participant] ?? [:],
            ideas: ideas.filter { $0.participant == participant }
        )
    }
}

public struct ParticipantAnswers: Codable, Hashable, Sendable {
    public var importance: [String: Int]
    public var level: [String: Int]
    public var dots: [String: Int]
    public var points: [String: Int]
    public var ideas: [Idea]
}
