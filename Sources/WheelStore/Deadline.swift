import Synchronization

/// Runs `operation`, but gives up after `limit` with `StoreError.unavailable`.
///
/// A database that has gone away can leave a request waiting for a connection for a long
/// time; a phone must hear "not stored" in seconds instead. The operation runs in its own task
/// and is left to finish on its own after a time-out, not cancelled: cancelling requests that
/// wait for a pooled connection lost connections from the pool under load (seen in
/// scripts/bench-cluster: one instance's reads kept timing out). A late query may still
/// commit. That is safe: nothing was acknowledged, and the room's next commit meets the stored
/// rows as a `.conflict` and reads them back.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = Once<T>()
    return try await withCheckedThrowingContinuation { continuation in
        outcome.install(continuation)
        Task {
            do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
        }
        outcome.onTimeOut(Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            outcome.finish(.failure(StoreError.unavailable("\(what): no answer within \(limit)")))
        })
    }
}

/// Resumes a continuation once, whichever side finishes first, and stops the other's timer.
private final class Once<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var done = false
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// The time-out's task: cancelled as soon as the work is done (or at once, if it is).
    func onTimeOut(_ timer: Task<Void, Never>) {
        let done = state.withLock { state -> Bool in
            if !state.done { state.timer = timer }
            return state.done
        }
        if done { timer.cancel() }
    }

    /// Whether this call was the one that finished.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let (continuation, timer) = state.withLock { state -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?) in
            guard !state.done else { return (nil, nil) }
            state.done = true
            defer { state.timer = nil }
            return (state.continuation, state.timer)
        }
        timer?.cancel()
        continuation?.resume(with: result)
        return continuation != nil
    }
}
