import Foundation
import WheelCore

/// The first message of every socket, and what a participant sends: votes and a new name.
extension ClientMessage {
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
        /// Participants joining for the first time: an optional sub-group (`setGroup` changes it).
        public var group: String?

        public init(protocol: Int? = ProtocolVersion.current, code: String? = nil, workshop: String? = nil,
                    token: String? = nil, name: String? = nil, group: String? = nil) {
            self.protocol = `protocol`
            self.code = code
            self.workshop = workshop
            self.token = token
            self.name = name
            self.group = group
        }

        private enum Keys: String, CodingKey { case `protocol`, code, workshop, token, name, group }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            self.protocol = try c.decodeBoundedIfPresent(forKey: .protocol)
            self.code = try c.decodeIfPresent(String.self, forKey: .code)
            self.workshop = try c.decodeIfPresent(String.self, forKey: .workshop)
            self.token = try c.decodeIfPresent(String.self, forKey: .token)
            self.name = try c.decodeIfPresent(String.self, forKey: .name)
            self.group = try c.decodeIfPresent(String.self, forKey: .group)
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

    /// Backs an approved idea (`backed: true`) or withdraws the backing (`false`).
    public struct BackIdea: Codable, Hashable, Sendable {
        public var opId: String
        /// The idea's id.
        public var idea: String
        public var backed: Bool

        public init(opId: String, idea: String, backed: Bool) {
            self.opId = opId
            self.idea = idea
            self.backed = backed
        }
    }

    /// Picks one of the workshop's groups, or none (`group` null or left out).
    public struct SetGroup: Codable, Hashable, Sendable {
        public var opId: String
        public var group: String?

        public init(opId: String, group: String?) {
            self.opId = opId
            self.group = group
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
}
