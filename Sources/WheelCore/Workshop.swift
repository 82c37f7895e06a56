import Foundation

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
    public internal(set) var ideas: [Idea] = []
    /// participant -> the approved ideas they back, in the order backed (see `Workshop+Backing.swift`).
    public internal(set) var backings: [String: [String]] = [:]
    public private(set) var focus: BoardFocus = .lobby
    /// The countdown on an open round, if one runs.
    public private(set) var timer: RoundTimer?
    /// The action plan, in the order actions were first added.
    public private(set) var actions: [ActionItem] = []
    /// The answers as the room last saw them: every figure is made from these (see
    /// `Workshop+Publication.swift`).
    public internal(set) var shown = ShownAnswers()
    /// How many events have been applied; the workshop's version.
    public private(set) var version = 0

    /// The framework's competence ids, looked up by every vote (see `Workshop+Decide.swift`).
    let competenceIDs: Set<String>

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
        case .grouped(let id, let group):
            guard participants[id] != nil, participants[id]?.group != group else { break }
            participants[id]?.group = group
            noteGroupChange(of: id)
        case .roundOpened(let round):
            endTimer(of: round)
            phases[round] = .open
            activeRound = round
            phaseChanged(round)
        case .roundClosed(let round):
            endTimer(of: round)
            phases[round] = .closed
            phaseChanged(round)
        case .roundRevealed(let round):
            endTimer(of: round)
            phases[round] = .revealed
            phaseChanged(round)
        case .roundReset(let round):
            endTimer(of: round)
            phases[round] = .idle
            if activeRound == round { activeRound = nil }
            switch round {
            case .importance, .level: ratings[round] = [:]
            case .dots: dots = [:]
            case .points: points = [:]
            case .ideas:
                ideas = []
                backings = [:]
            }
            roundWasReset(round)
        case .rated(let participant, let round, let competence, let value):
            ratings[round, default: [:]][participant, default: [:]][competence] = value
            noteChanges(round, participant: participant, competences: [competence])
        case .dotsSet(let participant, let competence, let count):
            dots[participant, default: [:]][competence] = count == 0 ? nil : count
            if dots[participant]?.isEmpty == true { dots[participant] = nil }
            noteChanges(.dots, participant: participant, competences: [competence])
        case .pointsAllocated(let participant, let allocation):
            let before = points[participant]?.keys.map { $0 } ?? []
            let after = allocation.filter { $0.value > 0 }
            points[participant] = after.isEmpty ? nil : after
            noteChanges(.points, participant: participant, competences: Set(before).union(after.keys))
        case .ideaSubmitted(let id, let participant, let text, let competence):
            ideas.append(Idea(id: id, participant: participant, text: text, competence: competence, status: .pending))
        case .ideaModerated(let id, let status):
            if let index = ideas.firstIndex(where: { $0.id == id }) { ideas[index].status = status }
            // Backings only ever name approved ideas: a rejected idea loses its backers.
            if status != .approved { dropBackings(of: id) }
        case .ideaBacked(let participant, let idea, let backed):
            setBacking(participant: participant, idea: idea, backed: backed)
        case .ideaMerged(let idea, let target):
            merge(idea, into: target)
        case .focused(let focus):
            self.focus = focus
        case .timerStarted(let timer):
            self.timer = timer
        case .timerCancelled(let round):
            endTimer(of: round)
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

    /// A round's timer ends with any change of its phase.
    private mutating func endTimer(of round: RoundKind) {
        if timer?.round == round { timer = nil }
    }

    // MARK: Views of one participant

    /// A participant's own answers, for the reconnect snapshot.
    public func answers(of participant: String) -> ParticipantAnswers {
        ParticipantAnswers(
            importance: ratings[.importance]?[participant] ?? [:],
            level: ratings[.level]?[participant] ?? [:],
            dots: dots[participant] ?? [:],
            points: points[participant] ?? [:],
            ideas: ideas.filter { $0.participant == participant },
            backed: backings[participant] ?? [],
            group: participants[participant]?.group
        )
    }
}
