/// Allows `rate` messages a second on average, with bursts up to `burst`.
struct TokenBucket {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var last = ContinuousClock.now

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
        self.tokens = burst
    }

    mutating func take(now: ContinuousClock.Instant = .now) -> Bool {
        let elapsed = now - last
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * rate)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

/// One socket's inbound rate limit: a token bucket, and at most one `rate_limited` error per
/// interval, so that a flood does not turn into a flood of errors.
struct InboundRateLimit {
    enum Verdict: Equatable {
        case accept
        /// Over the limit: drop the message, and say so if `notify`.
        case refuse(notify: Bool)
    }

    private var bucket: TokenBucket
    private let noticeInterval: Duration
    private var lastNotice: ContinuousClock.Instant?

    init(_ limits: SocketLimits) {
        bucket = TokenBucket(rate: limits.messagesPerSecond, burst: limits.burst)
        noticeInterval = limits.rateLimitedErrorInterval
    }

    mutating func admit(now: ContinuousClock.Instant = .now) -> Verdict {
        if bucket.take(now: now) { return .accept }
        if let lastNotice, now - lastNotice < noticeInterval { return .refuse(notify: false) }
        lastNotice = now
        return .refuse(notify: true)
    }
}
