import Synchronization

/// Whether the store takes writes. A failed commit (disk full, an I/O error) marks it
/// unavailable; the next commit that succeeds marks it available again, so the server
/// recovers by itself when space returns. Every batch still tries its commit: that is how
/// recovery is noticed. `/healthz` reports it.
final class StoreHealth: Sendable {
    static let refusal = "The server cannot save right now (its storage is full or failing); nothing was changed. Retry later."

    private let lastFailure = Mutex<String?>(nil)

    func commitSucceeded() {
        lastFailure.withLock { $0 = nil }
    }

    func commitFailed(_ error: any Error) {
        lastFailure.withLock { $0 = "\(error)" }
    }

    /// Why the last write failed, while the store is unavailable.
    var failure: String? { lastFailure.withLock { $0 } }
}
