import Synchronization

/// Whether the store takes writes. A failed commit (disk full, an I/O error) marks it
/// unavailable; the next commit that succeeds marks it available again, so the server
/// recovers by itself when space returns. Every batch still tries its commit, and `/healthz`
/// probes the store while it is marked unavailable, so recovery is noticed on an idle server
/// too. Only storage faults count (`StoreError.unavailable`), not a change's own failure.
final class StoreHealth: Sendable {
    static let refusal = "The server cannot save right now (its storage is full or failing); nothing was changed. Retry later."

    private struct State {
        var failure: String?
        var lastProbe: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    func commitSucceeded() {
        state.withLock { $0.failure = nil }
    }

    func commitFailed(_ why: String) {
        state.withLock { $0.failure = why }
    }

    /// Why the last write failed, while the store is unavailable.
    var failure: String? { state.withLock { $0.failure } }

    /// Whether a probe may run now (one a second at most); claims the slot if so.
    func mayProbe(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            if let last = state.lastProbe, now - last < .seconds(1) { return false }
            state.lastProbe = now
            return true
        }
    }
}
