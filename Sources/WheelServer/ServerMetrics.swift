import Synchronization

/// Counters for `GET /metrics` (Prometheus text format).
final class ServerMetrics: Sendable {
    private struct Counters {
        var connections = 0
        var votes = 0
        var acks = 0
        var errors: [String: Int] = [:]
        var queueDrops = 0
        var commits = 0
        var committedEvents = 0
        var commitSeconds = 0.0
        var commitBuckets = Array(repeating: 0, count: ServerMetrics.commitBounds.count)
    }

    static let commitBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0]
    private let counters = Mutex(Counters())

    func connectionOpened() { counters.withLock { $0.connections += 1 } }
    func connectionClosed() { counters.withLock { $0.connections -= 1 } }
    func recordAck(vote: Bool) { counters.withLock { $0.acks += 1; if vote { $0.votes += 1 } } }
    func recordError(_ code: String) { counters.withLock { $0.errors[code, default: 0] += 1 } }
    func recordQueueDrop() { counters.withLock { $0.queueDrops += 1 } }

    func recordCommit(duration: Duration, events: Int) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        counters.withLock { counters in
            counters.commits += 1
            counters.committedEvents += events
            counters.commitSeconds += seconds
            for (index, bound) in Self.commitBounds.enumerated() where seconds <= bound {
                counters.commitBuckets[index] += 1
            }
        }
    }

    /// The Prometheus text exposition.
    func render() -> String {
        let c = counters.withLock { $0 }
        var lines = [
            "# HELP wheelhouse_connections Open WebSocket connections.",
            "# TYPE wheelhouse_connections gauge",
            "wheelhouse_connections \(c.connections)",
            "# HELP wheelhouse_votes_total Votes acknowledged after a durable commit.",
            "# TYPE wheelhouse_votes_total counter",
            "wheelhouse_votes_total \(c.votes)",
            "# HELP wheelhouse_acks_total Acknowledged operations.",
            "# TYPE wheelhouse_acks_total counter",
            "wheelhouse_acks_total \(c.acks)",
            "# HELP wheelhouse_errors_total Refused or failed messages by error code.",
            "# TYPE wheelhouse_errors_total counter",
        ]
        for (code, count) in c.errors.sorted(by: { $0.key < $1.key }) {
            lines.append("wheelhouse_errors_total{code=\"\(code)\"} \(count)")
        }
        lines += [
            "# HELP wheelhouse_queue_drops_total Outbound frames dropped for slow sockets.",
            "# TYPE wheelhouse_queue_drops_total counter",
            "wheelhouse_queue_drops_total \(c.queueDrops)",
            "# HELP wheelhouse_store_commit_seconds Store commit latency (one commit per batch).",
            "# TYPE wheelhouse_store_commit_seconds histogram",
        ]
        for (index, bound) in Self.commitBounds.enumerated() {
            lines.append("wheelhouse_store_commit_seconds_bucket{le=\"\(bound)\"} \(c.commitBuckets[index])")
        }
        lines += [
            "wheelhouse_store_commit_seconds_bucket{le=\"+Inf\"} \(c.commits)",
            "wheelhouse_store_commit_seconds_sum \(c.commitSeconds)",
            "wheelhouse_store_commit_seconds_count \(c.commits)",
            "# HELP wheelhouse_store_events_total Events written to the store.",
            "# TYPE wheelhouse_store_events_total counter",
            "wheelhouse_store_events_total \(c.committedEvents)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
