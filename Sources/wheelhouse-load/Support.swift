import Foundation
import Histogram
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
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Value?? in
                if let value = state.value { return value }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
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

/// A latency histogram in microseconds, shared by many connections.
final class Latencies: Sendable {
    private let histogram = Mutex(Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three))

    func record(nanos: UInt64) {
        let micros = nanos / 1000
        _ = histogram.withLock { $0.record(min(micros, 600_000_000)) }
    }

    var count: UInt64 { histogram.withLock { $0.totalCount } }

    /// Percentiles in milliseconds.
    var summary: LatencySummary {
        histogram.withLock { h in
            guard h.totalCount > 0 else { return LatencySummary(count: 0) }
            func ms(_ micros: UInt64) -> Double { (Double(micros) / 1000 * 1000).rounded() / 1000 }
            return LatencySummary(
                count: Int(h.totalCount), mean: (h.mean / 1000 * 1000).rounded() / 1000,
                p50: ms(h.valueAtPercentile(50)), p90: ms(h.valueAtPercentile(90)),
                p99: ms(h.valueAtPercentile(99)), p999: ms(h.valueAtPercentile(99.9)), max: ms(h.max))
        }
    }
}

struct LatencySummary: Codable, Sendable {
    var count: Int
    var mean: Double?
    var p50: Double?
    var p90: Double?
    var p99: Double?
    var p999: Double?
    var max: Double?
}

/// Counters by name (error codes and the like).
final class Counts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func add(_ key: String, _ amount: Int = 1) { counts.withLock { $0[key, default: 0] += amount } }
    var snapshot: [String: Int] { counts.withLock { $0 } }
    var total: Int { counts.withLock { $0.values.reduce(0, +) } }
}

/// CPU time and memory of a process, from /proc (Linux).
struct ProcessSample: Codable, Sendable {
    /// User + system CPU seconds since the process started.
    var cpuSeconds: Double
    /// Resident memory now, and its peak.
    var rssBytes: Int
    var peakRSSBytes: Int
    var threads: Int

    static func read(pid: Int32?) -> ProcessSample? {
        let path = pid.map { "/proc/\($0)" } ?? "/proc/self"
        guard let stat = try? String(contentsOfFile: path + "/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: path + "/status", encoding: .utf8)
        else { return nil }
        // Fields after the command name, which is in parentheses and may hold spaces.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        func kilobytes(_ key: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
                return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "0") ?? 0
            }
            return 0
        }
        return ProcessSample(
            cpuSeconds: (user + system) / ticks, rssBytes: kilobytes("VmRSS") * 1024,
            peakRSSBytes: kilobytes("VmHWM") * 1024, threads: kilobytes("Threads"))
    }
}

/// Raises the soft limit on open files to the hard limit: each connection is one.
func raiseOpenFileLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    if limit.rlim_cur < limit.rlim_max {
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    return Int(limit.rlim_cur)
}

/// Finds `"key":<digits>` in a JSON text and reads the number; nil when absent.
@inline(__always)
func scanInteger(after key: StaticString, in bytes: UnsafeRawBufferPointer) -> UInt64? {
    let needle = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
    guard needle.count <= bytes.count else { return nil }
    var i = 0
    let last = bytes.count - needle.count
    while i <= last {
        if bytes[i] == needle[0] && memcmp(bytes.baseAddress! + i, needle.baseAddress!, needle.count) == 0 {
            var j = i + needle.count
            var value: UInt64 = 0
            var digits = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 {
                value = value &* 10 &+ UInt64(bytes[j] - 0x30)
                j += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        i += 1
    }
    return nil
}

/// Logs progress to stderr (stdout carries the JSON summary).
func note(_ text: String) {
    FileHandle.standardError.write(Data("[load] \(text)\n".utf8))
}
