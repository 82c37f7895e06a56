import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Monotonic nanoseconds: every latency is a difference of two of these.
@inline(__always)
func nowNanos() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// Sleeps until a monotonic instant (no-op when it has passed).
func sleep(untilNanos deadline: UInt64) async {
    let now = nowNanos()
    guard deadline > now else { return }
    try? await Task.sleep(nanoseconds: deadline - now)
}

/// A value that arrives once, awaited by one task; fulfilling twice keeps the first value.
/// `wait(timeout:)` gives nil when nothing arrived in time.
final class Promise<Value: Sendable>: Sendable {
    private struct State {
        var value: Value??
        var waiter: CheckedContinuation<Value?, Never>?
    }

    private let state = Mutex(State())

    func fulfill(_ value: Value?) {
        let waiter = state.withLock { state -> CheckedContinuation<Value?, Never>? in
            guard state.value == nil else { return nil }
            state.value = .some(value)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    var isFulfilled: Bool { state.withLock { $0.value != nil } }

    /// Waits until fulfilled (by a value, or by nil from whoever gives up on it).
    func wait() async -> Value? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Value?? in
                if let value = state.value { return value }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func wait(timeout: Duration) async -> Value? {
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.fulfill(nil)
        }
        defer { timer.cancel() }
        return await wait()
    }
}

/// How many of `promises` are fulfilled with a value within `seconds` of now, all waited
/// for against one deadline.
func countFulfilled<Value>(_ promises: [Promise<Value>], within seconds: Double) async -> Int {
    let deadline = nowNanos() + UInt64(seconds * 1e9)
    var count = 0
    for promise in promises {
        let remaining = Double(deadline) - Double(nowNanos())
        if await promise.wait(timeout: .nanoseconds(Int64(max(remaining, 1e6)))) != nil {
            count += 1
        }
    }
    return count
}

/// At most `permits` holders at once (e.g. connects in flight, to stay under the accept backlog).
actor Gate {
    private var permits: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { self.permits = permits }

    func enter() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            permits += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A small reproducible random source (splitmix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Rounded to `places` decimals, for the summary.
func rounded(_ value: Double, places: Int) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}

/// Logs progress to stderr (stdout carries the JSON summary).
func note(_ text: String) {
    FileHandle.standardError.write(Data("[load] \(text)\n".utf8))
}
