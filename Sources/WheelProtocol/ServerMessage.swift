import Foundation
import WheelCore

/// Who is on the other end of a socket; decides what it may see and do.
public enum Role: String, Codable, Sendable {
    case participant
    case board
    case facilitator
}

/// Every message the server sends. Like client messages, a `type` beside the payload's fields.
public enum ServerMessage: Hashable, Sendable {
    /// The full snapshot, sent after `hello` and after `resync`.
    case welcome(Welcome)
    /// A delta: only the sections that changed. `seq` follows the previous one by exactly 1;
    /// a gap means frames were dropped and the client should send `resync`.
    case update(Update)
    /// A state-changing message was stored (votes only after their transaction committed).
    case ack(Ack)
    /// A message was refused; nothing changed. `opId` is set when the message had one.
    case error(ErrorMessage)
    case pong

    public struct Welcome: Codable, Hashable, Sendable {
        public var seq: Int
        public var role: Role
        public var workshop: WorkshopSummary
        /// Participants only: who you are. Keep `token` to resume after a reconnect.
        public var you: You?
        public var state: View
        /// The server's clock (ms since the Unix epoch) when the frame was made: clients count
        /// a timer down against it, not against their own clock.
        public var serverTime: Int

        public init(seq: Int, role: Role, workshop: WorkshopSummary, you: You?, state: View, serverTime: Int = ServerClock.now()) {
            self.seq = seq
            self.role = role
            self.workshop = workshop
            self.you = you
            self.state = state
            self.serverTime = serverTime
        }
    }

    public struct Update: Codable, Hashable, Sendable {
        public var seq: Int
        public var state: View
        /// Set when the update carries `rounds` (and so the timer): see `Welcome.serverTime`.
        public var serverTime: Int?

        public init(seq: Int, state: View, serverTime: Int? = nil) {
            self.seq = seq
            self.state = state
            self.serverTime = serverTime ?? (state.rounds == nil ? nil : ServerClock.now())
        }
    }

    public struct Ack: Codable, Hashable, Sendable {
        public var opId: String
        public var ok: Bool
        /// `addProxy`: the new proxy participant's id.
        public var participant: String?
        /// `submitIdea`: the new idea's id.
        public var idea: String?

        public init(opId: String, participant: String? = nil, idea: String? = nil) {
            self.opId = opId
            self.ok = true
            self.participant = participant
            self.idea = idea
        }
    }

    public struct ErrorMessage: Codable, Hashable, Sendable {
        public var opId: String?
        public var code: String
        public var message: String

        public init(opId: String?, code: String, message: String) {
            self.opId = opId
            self.code = code
            self.message = message
        }
    }

    public var type: String {
        switch self {
        case .welcome: "welcome"
        case .update: "update"
        case .ack: "ack"
        case .error: "error"
        case .pong: "pong"
        }
    }
}

extension ServerMessage: Codable {
    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "welcome": self = .welcome(try Welcome(from: decoder))
        case "update": self = .update(try Update(from: decoder))
        case "ack": self = .ack(try Ack(from: decoder))
        case "error": self = .error(try ErrorMessage(from: decoder))
        case "pong": self = .pong
        default: throw ProtocolError.unknownType(type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .welcome(let m): try m.encode(to: encoder)
        case .update(let m): try m.encode(to: encoder)
        case .ack(let m): try m.encode(to: encoder)
        case .error(let m): try m.encode(to: encoder)
        case .pong: break
        }
    }
}

/// The fixed facts of a workshop a client needs. The framework (what the wheel is drawn
/// from) is fetched once over HTTP (`GET /api/workshops/{id}/wheel`), so reconnects on a
/// weak network stay small.
public struct WorkshopSummary: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var language: Language
    public var joinCode: String
    public var settings: WorkshopSettings
    public var plugins: [PluginReference]
    /// The earlier workshop this one re-runs; results then carry each competence's `change`.
    public var rerunOf: String?
    public var createdAt: Date

    public init(_ info: WorkshopInfo) {
        id = info.id
        title = info.title
        language = info.language
        joinCode = info.joinCode
        settings = info.settings
        plugins = info.framework.plugins
        rerunOf = info.rerunOf
        createdAt = info.createdAt
    }
}

public struct You: Codable, Hashable, Sendable {
    public var participant: String
    public var token: String
    public var name: String?
    /// The sub-group picked (one of `settings.groups`), if any.
    public var group: String?

    public init(participant: String, token: String, name: String?, group: String? = nil) {
        self.participant = participant
        self.token = token
        self.name = name
        self.group = group
    }
}

/// What one role may see of a workshop. In a `welcome` every section a role may see is
/// set; in an `update` only the sections that changed.
public struct View: Codable, Hashable, Sendable {
    public var rounds: [RoundKind: RoundPhase]?
    public var activeRound: RoundKind?
    /// The countdown on the open round; like `activeRound`, written (maybe `null`) with `rounds`.
    public var timer: RoundTimer?
    public var focus: BoardFocus?
    public var participants: Int?
    /// Participants who answered at least once, per round (board and facilitator).
    public var answered: [RoundKind: Int]?
    /// Per competence, how many answered the active round: what a blind board shows.
    public var progress: [String: Int]?
    /// Results: only rounds this role may see contribute (see docs/protocol.md).
    public var results: Tally?
    /// Ideas this role may see: approved ones with their backing for the board, approved ones
    /// without counts for participants (while the ideas round is open and after its reveal),
    /// every idea with its status and backing for the facilitator.
    public var ideas: [PublicIdea]?
    /// Who joined (board and facilitator): names only, never answers.
    public var people: [Person]?
    /// The action plan (every role).
    public var actions: [ActionItem]?
    /// Participants only: their own answers, to restore the phone's screen after a reconnect.
    public var answers: ParticipantAnswers?

    public init() {}

    public var isEmpty: Bool { self == View() }

    /// Absent sections are left out; `activeRound` is written as `null` whenever `rounds` is
    /// present, so "no round is active any more" reaches the client explicitly.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(rounds, forKey: .rounds)
        if rounds != nil {
            try c.encode(activeRound, forKey: .activeRound)
            try c.encode(timer, forKey: .timer)
        }
        try c.encodeIfPresent(focus, forKey: .focus)
        try c.encodeIfPresent(participants, forKey: .participants)
        try c.encodeIfPresent(answered, forKey: .answered)
        try c.encodeIfPresent(progress, forKey: .progress)
        try c.encodeIfPresent(results, forKey: .results)
        try c.encodeIfPresent(ideas, forKey: .ideas)
        try c.encodeIfPresent(people, forKey: .people)
        try c.encodeIfPresent(actions, forKey: .actions)
        try c.encodeIfPresent(answers, forKey: .answers)
    }
}

public struct PublicIdea: Codable, Hashable, Sendable {
    public var id: String
    public var text: String
    public var competence: String?
    public var status: IdeaStatus
    /// How many participants back the idea: for the board, the facilitator and exports;
    /// absent for participants.
    public var backing: Int?
    /// The idea this one was merged into (`status` is `merged`).
    public var mergedInto: String?

    /// `backing` nil leaves the count out (what participants get).
    public init(_ idea: Idea, backing: Int? = nil) {
        id = idea.id
        text = idea.text
        competence = idea.competence
        status = idea.status
        self.backing = backing
        mergedInto = idea.mergedInto
    }
}

public struct Person: Codable, Hashable, Sendable {
    public var id: String
    public var name: String?
    public var proxy: Bool

    public init(_ participant: Participant) {
        id = participant.id
        name = participant.name
        proxy = participant.proxy
    }
}

/// The server's wall clock in milliseconds since the Unix epoch: what timers count against.
public enum ServerClock {
    public static func now() -> Int { Int((Date().timeIntervalSince1970 * 1000).rounded()) }
}
