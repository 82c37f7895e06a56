/// Limits on what one socket may send; exceeding one is a typed error, not a disconnect.
struct SocketLimits: Sendable {
    /// Largest message the protocol accepts (`too_large` above it).
    var maxMessageBytes = 16 * 1024
    /// Largest message the transport reads at all; above it the socket is closed (1009).
    var transportMaxBytes = 1 << 20
    /// Sustained messages per second per socket, and the burst allowed above it.
    var messagesPerSecond = 20.0
    var burst = 40.0
    /// At most one `rate_limited` error per this interval; further limited frames are dropped.
    var rateLimitedErrorInterval: Duration = .seconds(1)
    /// A socket that has not said a successful `hello` by then is closed (1008).
    var helloDeadline: Duration = .seconds(10)
}
