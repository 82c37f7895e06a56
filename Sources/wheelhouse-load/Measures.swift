import Histogram
import Synchronization

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
                p99: ms(h.valueAtPercentile(99)), p999: ms(h.valueAtPercentile(99.9)), max: ms(h.max),
                buckets: h.recordedValues().map { [$0.value, UInt64($0.count)] })
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
    /// Every recorded bucket as [microseconds, count], so that the summaries of several
    /// generator processes can be merged into one distribution (scripts/lib/bench_report.py).
    var buckets: [[UInt64]]?
}

/// Counters by name (error codes and the like).
final class Counts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func add(_ key: String, _ amount: Int = 1) { counts.withLock { $0[key, default: 0] += amount } }
    var snapshot: [String: Int] { counts.withLock { $0 } }
    var total: Int { counts.withLock { $0.values.reduce(0, +) } }
}
