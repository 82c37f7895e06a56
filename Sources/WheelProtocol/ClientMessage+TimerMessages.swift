import WheelCore

/// The facilitator's round timers (see `RoundTimer`).
extension ClientMessage {
    /// Starts (or restarts) a countdown of `seconds` on the open `round`.
    public struct StartTimer: Codable, Hashable, Sendable {
        public var opId: String
        public var round: RoundKind
        public var seconds: Int

        public init(opId: String, round: RoundKind, seconds: Int) {
            self.opId = opId
            self.round = round
            self.seconds = seconds
        }

        private enum Keys: String, CodingKey { case opId, round, seconds }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            opId = try c.decode(String.self, forKey: .opId)
            round = try c.decode(RoundKind.self, forKey: .round)
            seconds = try c.decodeBounded(forKey: .seconds)
        }
    }

    /// Adds `seconds` to the running countdown.
    public struct ExtendTimer: Codable, Hashable, Sendable {
        public var opId: String
        public var seconds: Int

        public init(opId: String, seconds: Int) {
            self.opId = opId
            self.seconds = seconds
        }

        private enum Keys: String, CodingKey { case opId, seconds }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            opId = try c.decode(String.self, forKey: .opId)
            seconds = try c.decodeBounded(forKey: .seconds)
        }
    }

    /// Stops the running countdown; the round stays open.
    public struct CancelTimer: Codable, Hashable, Sendable {
        public var opId: String

        public init(opId: String) { self.opId = opId }
    }
}
