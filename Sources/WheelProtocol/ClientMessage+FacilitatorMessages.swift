import Foundation
import WheelCore

/// What only the facilitator sends: rounds, moderation, the board, proxies and the action plan.
extension ClientMessage {
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

    /// Folds the duplicate `idea` into the approved idea `into`, which its backers then back.
    public struct MergeIdea: Codable, Hashable, Sendable {
        public var opId: String
        public var idea: String
        public var into: String

        public init(opId: String, idea: String, into: String) {
            self.opId = opId
            self.idea = idea
            self.into = into
        }
    }

    public struct Focus: Codable, Hashable, Sendable {
        public var opId: String
        public var focus: BoardFocus

        public init(opId: String, focus: BoardFocus) {
            self.opId = opId
            self.focus = focus
        }

        private enum Keys: String, CodingKey { case opId, focus }
        private enum FocusKeys: String, CodingKey { case view }

        /// A stored focus reads an unknown view as none; from a client it is refused, naming
        /// `focus.view` and the views there are (`invalid_message`).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            self.opId = try c.decode(String.self, forKey: .opId)
            self.focus = try c.decode(BoardFocus.self, forKey: .focus)
            self.focus.view = try c.nestedContainer(keyedBy: FocusKeys.self, forKey: .focus)
                .decodeIfPresent(BoardView.self, forKey: .view)
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
}
