/// A countdown on an open round. Times are the server's clock in milliseconds since the Unix
/// epoch, so every screen counts down to the same moment whatever its own clock says.
public struct RoundTimer: Codable, Hashable, Sendable {
    public var round: RoundKind
    /// When it reaches zero.
    public var endsAt: Int
    /// Its whole length in seconds, extensions included (for a progress ring).
    public var seconds: Int

    public init(round: RoundKind, endsAt: Int, seconds: Int) {
        self.round = round
        self.endsAt = endsAt
        self.seconds = seconds
    }

    /// How long one start or extension may be, in seconds.
    public static let secondsRange = 5...3600
    /// The most a timer may have left after an extension, in seconds.
    public static let maxRemaining = 3600
    /// How long after zero the server closes the round, in milliseconds: votes sent just
    /// before zero on a slow network still count.
    public static let grace = 2000
}

/// Deciding timer commands. `now` is the server's clock, passed in so deciding stays pure.
extension Workshop {
    func decideStartTimer(round: RoundKind, seconds: Int, now: Int) throws(WorkshopError) -> [WorkshopEvent] {
        try requireOpen(round)
        try Self.requireTimerSeconds(seconds)
        return [.timerStarted(RoundTimer(round: round, endsAt: now + seconds * 1000, seconds: seconds))]
    }

    func decideExtendTimer(seconds: Int, now: Int) throws(WorkshopError) -> [WorkshopEvent] {
        guard let timer, phase(timer.round) == .open else { throw .noTimer }
        try Self.requireTimerSeconds(seconds)
        let endsAt = max(timer.endsAt, now) + seconds * 1000
        guard endsAt - now <= RoundTimer.maxRemaining * 1000 else {
            throw .invalidValue("A timer can have at most \(RoundTimer.maxRemaining) seconds left.")
        }
        return [.timerStarted(RoundTimer(round: timer.round, endsAt: endsAt, seconds: timer.seconds + seconds))]
    }

    func decideCancelTimer() -> [WorkshopEvent] {
        timer.map { [.timerCancelled($0.round)] } ?? []
    }

    /// The server's own close once `timer` ran out: nothing if it was cancelled, extended or
    /// replaced meanwhile, or the round is no longer open.
    func decideExpireTimer(_ expired: RoundTimer, now: Int) -> [WorkshopEvent] {
        guard timer == expired, phase(expired.round) == .open, now >= expired.endsAt + RoundTimer.grace else {
            return []
        }
        return [.roundClosed(expired.round)]
    }

    private static func requireTimerSeconds(_ seconds: Int) throws(WorkshopError) {
        guard RoundTimer.secondsRange.contains(seconds) else {
            throw .invalidValue(
                "A timer is \(RoundTimer.secondsRange.lowerBound) to \(RoundTimer.secondsRange.upperBound) seconds.")
        }
    }
}
