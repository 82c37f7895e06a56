import Synchronization

/// Runs `operation`, but gives up after `limit` with `StoreError.unavailable`.
///
/// A database that has gone away can leave a request waiting for a connection for a long
/// time; a phone must hear "not stored" in seconds instead. The operation runs in its own task
/// and is cancelled on time-out (which ends a wait for a connection), but is not awaited: a
/// query already sent may still finish. That is safe for commits: nothing was acknowledged,
/// and the room's next commit meets the stored rows as a `.conflict` and reads them back.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = Once<T>()
    return try await withCheckedThrowingContinuation { continuation in
        outcome.install(continuation)
        let work = Task {
            do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            if outcome.finish(.failure(StoreError.unavailable("\(what): no answer within \(limit)"))) { work.cancel() }
        }
    }
}

/// Resumes a continuation once, whichever side finishes first.
private final class Once<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, any Error>?, done: Bool)>((nil, false))

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Whether this call was the one that finished.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard !state.done else { return nil }
            state.done = true
            return state.continuation
        }
        continuation?.resume(with: result)
        return continuation != nil
    }
}
