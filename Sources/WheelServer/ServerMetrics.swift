import Prometheus

/// Counters for `GET /metrics`, in the Prometheus text format (swift-prometheus).
///
/// Every metric is made once, here; the hot paths (acks, connections) only touch atomics.
/// Error counters carry the error code as a label and are made on first use.
final class ServerMetrics: Sendable {
    static let commitBounds: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
    ]

    let registry = PrometheusCollectorRegistry()
    private let connections: Gauge
    private let votes: Counter
    private let acks: Counter
    private let queueDrops: Counter
    private let commitSeconds: DurationHistogram
    private let committedEvents: Counter
    private let rawMessages: Counter
    private let rawDeliveries: Counter

    init() {
        connections = registry.makeGauge(name: "wheelhouse_connections", help: "Open WebSocket connections.")
        votes = registry.makeCounter(
            name: "wheelhouse_votes_total", help: "Votes acknowledged after a durable commit.")
        acks = registry.makeCounter(name: "wheelhouse_acks_total", help: "Acknowledged operations.")
        queueDrops = registry.makeCounter(
            name: "wheelhouse_queue_drops_total", help: "Outbound frames dropped for slow sockets.")
        commitSeconds = registry.makeDurationHistogram(
            name: "wheelhouse_store_commit_seconds", buckets: Self.commitBounds,
            help: "Store commit latency (one commit per batch).")
        committedEvents = registry.makeCounter(
            name: "wheelhouse_store_events_total", help: "Events written to the store.")
        rawMessages = registry.makeCounter(
            name: "wheelhouse_raw_messages_total",
            help: "Messages received on the raw benchmark endpoint (only with --raw-endpoint).")
        rawDeliveries = registry.makeCounter(
            name: "wheelhouse_raw_deliveries_total",
            help: "Frames written by the raw benchmark endpoint (echoes, broadcasts, results).")
    }

    func connectionOpened() { connections.increment() }
    func connectionClosed() { connections.decrement() }

    func recordAck(vote: Bool) {
        acks.increment()
        if vote { votes.increment() }
    }

    func recordError(_ code: String) {
        // The registry returns the existing counter for a known name and label set.
        registry.makeCounter(
            name: "wheelhouse_errors_total", labels: [("code", code)],
            help: "Refused or failed messages by error code."
        ).increment()
    }

    func recordQueueDrop() { queueDrops.increment() }

    func recordCommit(duration: Duration, events: Int) {
        commitSeconds.record(duration)
        committedEvents.increment(by: Int64(events))
    }

    func recordRaw(received: Int = 0, delivered: Int = 0) {
        if received > 0 { rawMessages.increment(by: Int64(received)) }
        if delivered > 0 { rawDeliveries.increment(by: Int64(delivered)) }
    }

    /// The Prometheus text exposition.
    func render() -> String { registry.emitToString() }
}
