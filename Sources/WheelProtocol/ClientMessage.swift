import Foundation
import WheelCore

/// The protocol's version; `hello` names the version a client speaks.
public enum ProtocolVersion {
    public static let current = 1
}

/// Every message a client sends. The JSON has a `type` and the payload's fields side by side:
/// `{"type":"rate","opId":"a1","round":"importance","competence":"dataanvendelse","value":4}`.
/// Messages that change state carry a client-made `opId`; the server acknowledges each one.
public enum ClientMessage: Hashable, Sendable {
    case hello(Hello)
    case resync
    case ping
    case rate(Rate)
    case setDots(SetDots)
    case allocatePoints(AllocatePoints)
    case submitIdea(SubmitIdea)
    case rename(Rename)
    case openRound(RoundAction)
    case closeRound(RoundAction)
    case revealRound(RoundAction)
    case resetRound(RoundAction)
    case moderateIdea(ModerateIdea)
    case focus(Focus)
    case addProxy(AddProxy)
    case proxyVote(ProxyVote)
    case saveAction(SaveAction)
    case removeAction(RemoveAction)

    /// The first message on every socket: who this is.
    public struct Hello: Codable, Hashable, Sendable {
        public var `protocol`: Int?
        /// Participants: the join code.
        public var code: String?
        /// Board and facilitator: the workshop id.
        public var workshop: String?
        /// The participant token from an earlier `welcome`, the board token or the facilitator token.
        public var token: String?
        /// Participants joining for the first time: an optional display name.
        public var name: String?

        public init(protocol: Int? = ProtocolVersion.current, code: String? = nil, workshop: String? = nil,
                    token: String? = nil, name: String? = nil) {
            self.protocol = `protocol`
            self.code = code
            self.workshop = workshop
            self.token = token
            self.name = name
        }

        private enum Keys: String, CodingKey { case `protocol`, code, workshop, token, name }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            self.protocol = try c.decodeBoundedIfPresent(forKey: .protocol)
            self.code = try c.decodeIfPresent(String.self, forKey: .code)
            self.workshop = try c.decodeIfPresent(String.self, forKey: .workshop)
            self.token = try c.decodeIfPresent(String.self, forKey: .token)
            self.name = try c.decodeIfPresent(String.self, forKey: .name)
        }
    }

    public struct Rate: Codable, Hashable, Sendable {
        public var opId: String
        public var round: RoundKind
        public var competence: String
        /// 1-5, or 0 for "don't know".
        public var value: Int

        public init(opId: String, round: RoundKind, competence: String, value: Int) {
            self.opId = opId
            self.round = round
            self.competence = competence
            self.value = value
        }

        private enum Keys: String, CodingKey { case opId, round, competence, value }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            self.opId = try c.decode(String.self, forKey: .opId)
            self.round = try c.decode(RoundKind.self, forKey: .round)
            self.competence = try c.decode(String.self, forKey: .competence)
            self.value = try c.decodeBounded(forKey: .value)
        }
    }

    public struct SetDots: Codable, Hashable, Sendable {
        public var opId: String
        public var competence: String
        /// The participant's dots on this competence after the change (not a difference).
        public var count: Int

        public init(opId: String, competence: String, count: Int) {
            self.opId = opId
            self.competence = competence
            self.count = count
        }

        private enum Keys: String, CodingKey { case opId, competence, count }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            self.opId = try c.decode(String.self, forKey: .opId)
            self.competence = try c.decode(String.self, forKey: .competence)
            self.count = try c.decodeBounded(forKey: .count)
        }
    }

    public struct AllocatePoints: Codable, Hashable, Sendable {
        public var opId: String
        /// Competence id -> points; the values sum to 100.
        public var points: [String: Int]

        public init(opId: String, points: [String: Int]) {
            self.opId = opId
            self.points = points
        }

        private enum Keys: String, CodingKey { case opId, points }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            self.opId = try c.decode(String.self, forKey: .opId)
            self.points = try c.decodeBoundedMap(forKey: .points)
        }
    }

    public struct SubmitIdea: Codable, Hashable, Sendable {
        public var opId: String
        public var text: String
        public var competence: String?

        public init(opId: String, text: String, competence: String? = nil) {
            self.opId = opId
            self.text = text
            self.competence = competence
        }
    }

    public struct Rename: Codable, Hashable, Sendable {
        public var opId: String
        public var name: String?

        public init(opId: String, name: String?) {
            self.opId = opId
            self.name = name
        }
    }

    public struct RoundAction: Codable, Hashable, Sendable {
        public var opId: String
        public var round: RoundKind

        public init(opId: String, round: RoundKind) {
            self.opId = opId
            self.round = round
        }
    }

    public struct ModerateIdea: Codable, Hashable, Sendable {
        public var opId: String
        public var idea: String
        public var approve: Bool

        public init(opId: String, idea: String, approve: Bool) {
            self.opId = opId
            self.idea = idea
            self.approve = approve
        }
    }

    public struct Focus: Codable, Hashable, Sendable {
        public var opId: String
        public var focus: BoardFocus

        public init(opId: String, focus: BoardFocus) {
            self.opId = opId
            self.focus = focus
        }
    }

    public struct AddProxy: Codable, Hashable, Sendable {
        public var opId: String
        /// A label for the person voted for, e.g. "Kirsten (telefon)".
        public var name: String

        public init(opId: String, name: String) {
            self.opId = opId
            self.name = name
        }
    }

    /// Adds an action to the plan, or replaces the one with the same `action.id`.
    public struct SaveAction: Codable, Hashable, Sendable {
        public var opId: String
        public var action: ActionItem

        public init(opId: String, action: ActionItem) {
            self.opId = opId
            self.action = action
        }
    }

    public struct RemoveAction: Codable, Hashable, Sendable {
        public var opId: String
        /// The action's id.
        public var action: String

        public init(opId: String, action: String) {
            self.opId = opId
            self.action = action
        }
    }

    /// A vote the facilitator enters for a proxy participant: `vote` is a `rate`, `setDots`,
    /// `allocatePoints` or `submitIdea` message (its own `opId` is ignored).
    public struct ProxyVote: Codable, Hashable, Sendable {
        public var opId: String
        public var participant: String
        public var vote: Vote

        public init(opId: String, participant: String, vote: Vote) {
            self.opId = opId
            self.participant = participant
            self.vote = vote
        }
    }

    /// The vote inside a `proxyVote`.
    public enum Vote: Hashable, Sendable, Codable {
        case rate(round: RoundKind, competence: String, value: Int)
        case setDots(competence: String, count: Int)
        case allocatePoints([String: Int])
        case submitIdea(text: String, competence: String?)

        private enum Keys: String, CodingKey { case type, round, competence, value, count, points, text }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            switch try c.decode(String.self, forKey: .type) {
            case "rate":
                self = .rate(round: try c.decode(RoundKind.self, forKey: .round),
                             competence: try c.decode(String.self, forKey: .competence),
                             value: try c.decodeBounded(forKey: .value))
            case "setDots":
                self = .setDots(competence: try c.decode(String.self, forKey: .competence),
                                count: try c.decodeBounded(forKey: .count))
            case "allocatePoints":
                self = .allocatePoints(try c.decodeBoundedMap(forKey: .points))
            case "submitIdea":
                self = .submitIdea(text: try c.decode(String.self, forKey: .text),
                                   competence: try c.decodeIfPresent(String.self, forKey: .competence))
            case let other:
                throw DecodingError.dataCorruptedError(
                    forKey: .type, in: c, debugDescription: "'\(other)' is not a vote type")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            switch self {
            case .rate(let round, let competence, let value):
                try c.encode("rate", forKey: .type)
                try c.encode(round, forKey: .round)
                try c.encode(competence, forKey: .competence)
                try c.encode(value, forKey: .value)
            case .setDots(let competence, let count):
                try c.encode("setDots", forKey: .type)
                try c.encode(competence, forKey: .competence)
                try c.encode(count, forKey: .count)
            case .allocatePoints(let points):
                try c.encode("allocatePoints", forKey: .type)
                try c.encode(points, forKey: .points)
            case .submitIdea(let text, let competence):
                try c.encode("submitIdea", forKey: .type)
                try c.encode(text, forKey: .text)
                try c.encodeIfPresent(competence, forKey: .competence)
            }
        }
    }

    /// The operation id, for messages that change state.
    public var opId: String? {
        switch self {
        case .hello, .resync, .ping: nil
        case .rate(let m): m.opId
        case .setDots(let m): m.opId
        case .allocatePoints(let m): m.opId
        case .submitIdea(let m): m.opId
        case .rename(let m): m.opId
        case .openRound(let m), .closeRound(let m), .revealRound(let m), .resetRound(let m): m.opId
        case .moderateIdea(let m): m.opId
        case .focus(let m): m.opId
        case .addProxy(let m): m.opId
        case .proxyVote(let m): m.opId
        case .saveAction(let m): m.opId
        case .removeAction(let m): m.opId
        }
    }

    public var type: String {
        switch self {
        case .hello: "hello"
        case .resync: "resync"
        case .ping: "ping"
        case .rate: "rate"
        case .setDots: "setDots"
        case .allocatePoints: "allocatePoints"
        case .submitIdea: "submitIdea"
        case .rename: "rename"
        case .openRound: "openRound"
        case .closeRound: "closeRound"
        case .revealRound: "revealRound"
        case .resetRound: "resetRound"
        case .moderateIdea: "moderateIdea"
        case .focus: "focus"
        case .addProxy: "addProxy"
        case .proxyVote: "proxyVote"
        case .saveAction: "saveAction"
        case .removeAction: "removeAction"
        }
    }
}

extension ClientMessage: Codable {
    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "hello": self = .hello(try Hello(from: decoder))
        case "resync": self = .resync
        case "ping": self = .ping
        case "rate": self = .rate(try Rate(from: decoder))
        case "setDots": self = .setDots(try SetDots(from: decoder))
        case "allocatePoints": self = .allocatePoints(try AllocatePoints(from: decoder))
        case "submitIdea": self = .submitIdea(try SubmitIdea(from: decoder))
        case "rename": self = .rename(try Rename(from: decoder))
        case "openRound": self = .openRound(try RoundAction(from: decoder))
        case "closeRound": self = .closeRound(try RoundAction(from: decoder))
        case "revealRound": self = .revealRound(try RoundAction(from: decoder))
        case "resetRound": self = .resetRound(try RoundAction(from: decoder))
        case "moderateIdea": self = .moderateIdea(try ModerateIdea(from: decoder))
        case "focus": self = .focus(try Focus(from: decoder))
        case "addProxy": self = .addProxy(try AddProxy(from: decoder))
        case "proxyVote": self = .proxyVote(try ProxyVote(from: decoder))
        case "saveAction": self = .saveAction(try SaveAction(from: decoder))
        case "removeAction": self = .removeAction(try RemoveAction(from: decoder))
        default: throw ProtocolError.unknownType(type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .hello(let m): try m.encode(to: encoder)
        case .resync, .ping: break
        case .rate(let m): try m.encode(to: encoder)
        case .setDots(let m): try m.encode(to: encoder)
        case .allocatePoints(let m): try m.encode(to: encoder)
        case .submitIdea(let m): try m.encode(to: encoder)
        case .rename(let m): try m.encode(to: encoder)
        case .openRound(let m), .closeRound(let m), .revealRound(let m), .resetRound(let m): try m.encode(to: encoder)
        case .moderateIdea(let m): try m.encode(to: encoder)
        case .focus(let m): try m.encode(to: encoder)
        case .addProxy(let m): try m.encode(to: encoder)
        case .proxyVote(let m): try m.encode(to: encoder)
        case .saveAction(let m): try m.encode(to: encoder)
        case .removeAction(let m): try m.encode(to: encoder)
        }
    }
}
