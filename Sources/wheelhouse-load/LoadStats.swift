import Synchronization

/// What every simulated socket adds to: latencies, counters, errors.
final class LoadStats: Sendable {
    /// Vote sent -> its ack arrived.
    let ackLatency = Latencies()
    /// A vote's ack arrived -> the first board frame that counts it arrived.
    let boardFreshness = Latencies()
    /// How late the generator sent votes against their schedule (its own overload shows here).
    let scheduleLag = Latencies()
    /// Connect + upgrade + hello -> welcome.
    let joinLatency = Latencies()
    let votesSent = Atomic<Int>(0)
    let votesAcked = Atomic<Int>(0)
    let votesRefused = Atomic<Int>(0)
    let framesReceived = Atomic<Int>(0)
    let seqGaps = Atomic<Int>(0)
    /// Error replies by code, and connection failures by reason.
    let errors = Counts()
    let connectFailures = Counts()
    /// Monotonic time of the last vote ack (throughput window end).
    let lastAck = Atomic<UInt64>(0)
}

/// One workshop as the generator plays it: its ids, its sockets, and the board-freshness
/// bookkeeping (see `newAnswerAcked` and `boardSaw`).
final class WorkshopRun: Sendable {
    let index: Int
    let id: String
    let joinCode: String
    let facilitatorToken: String
    let competences: [String]
    let stats: LoadStats

    /// Board freshness without knowing which votes a board frame holds: the board shows, per
    /// competence, how many participants answered the open round; each first answer of a
    /// participant to a competence adds exactly 1. So a board frame whose total is T holds the
    /// first T such answers the store committed; acks arrive in commit order but for the
    /// jitter between sockets, so the k-th first answer acked is taken to be in the first
    /// board frame with a total of at least k. A frame that already counted a vote before its
    /// ack arrived gives 0.
    private struct Freshness {
        var ackTimes: [UInt64] = []
        var matched = 0
        var boardTotal = 0
    }

    private let freshness = Mutex(Freshness())

    init(index: Int, id: String, joinCode: String, facilitatorToken: String, competences: [String], stats: LoadStats) {
        self.index = index
        self.id = id
        self.joinCode = joinCode
        self.facilitatorToken = facilitatorToken
        self.competences = competences
        self.stats = stats
    }

    func newAnswerAcked(at now: UInt64) {
        let alreadyShown = freshness.withLock { f -> Bool in
            f.ackTimes.append(now)
            guard f.boardTotal >= f.ackTimes.count, f.matched == f.ackTimes.count - 1 else { return false }
            f.matched += 1
            return true
        }
        if alreadyShown { stats.boardFreshness.record(nanos: 0) }
    }

    func boardSaw(total: Int, at now: UInt64) {
        let samples = freshness.withLock { f -> [UInt64] in
            f.boardTotal = max(f.boardTotal, total)
            let upTo = min(f.boardTotal, f.ackTimes.count)
            guard upTo > f.matched else { return [] }
            defer { f.matched = upTo }
            return f.ackTimes[f.matched..<upTo].map { now &- $0 }
        }
        for sample in samples { stats.boardFreshness.record(nanos: sample) }
    }

    var boardTotal: Int { freshness.withLock { $0.boardTotal } }
}
