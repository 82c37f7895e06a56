import Foundation

/// The server's wall clock in milliseconds since the Unix epoch: what round timers count
/// against and what frames carry as `serverTime`. Read here only, at the edge: the core
/// decides with the time it is given.
enum ServerClock {
    static func now() -> Int { Int((Date().timeIntervalSince1970 * 1000).rounded()) }
}
