import Prometheus

/// Counters for `GET /metrics`, in the Prometheus text format (swift-prometheus).
///
/// Every metric is made once, here; the hot paths (acks, connections) only touch atomics.
/// Error counters carry the error code as a label and are made on first use.
package final class ServerMetrics: Sendable {
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
        connections = registry.makeGauge(descriptor: Self.name("connections", "", "Open WebSocket connections."))
        votes = registry.makeCounter(descriptor: Self.name("votes", "total", "Votes acknowledged after a durable commit."))
        acks = registry.makeCounter(descriptor: Self.name("acks", "total", "Acknowledged operations."))
        queueDrops = registry.makeCounter(
            descriptor: Self.name("queue_drops", "total", "Outbound frames dropped for slow sockets."))
        commitSeconds = registry.makeDurationHistogram(
            descriptor: Self.name("store_commit", "seconds", "Store commit latency (one commit per batch)."),
            buckets: Self.commitBounds)
        committedEvents = registry.makeCounter(
            descriptor: Self.name("store_events", "total", "Events written to the store."))
        rawMessages = registry.makeCounter(
            descriptor: Self.name(
                "raw_messages", "total", "Messages received on the raw benchmark endpoint (only with --raw-endpoint)."))
        rawDeliveries = registry.makeCounter(
            descriptor: Self.name(
                "raw_deliveries", "total", "Frames written by the raw benchmark endpoint (echoes, broadcasts, results)."))
    }

    /// `wheelhouse_<name>_<unit>`, with its help text.
    private static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wheelhouse", metricName: name, unitName: unit, helpText: help)
    }

    package func connectionOpened() { connections.increment() }
    package func connectionClosed() { connections.decrement() }

    func recordAck(vote: Bool) {
        acks.increment()
        if vote { votes.increment() }
    }

    func recordError(_ code: String) {
        // The registry returns the existing counter for a known name and label set.
        registry.makeCounter(
            descriptor: Self.name("errors", "total", "Refused or failed messages by error code."), labels: [("code", code)]
        ).increment()
    }

    package func recordQueueDrop() { queueDrops.increment() }

    /// A hello refused because its address guessed too many unknown join codes.
    func recordJoinCodeLockout() { counter("join_code_lockouts", "Hellos refused: too many unknown join codes from one address.") }

    /// A socket closed by the server: `reason` is `not_reading` or `hello_timeout`.
    package func recordSocketClosed(reason: String) {
        registry.makeCounter(
            descriptor: Self.name("sockets_closed", "total", "Sockets the server closed: a client that did not read, or never said hello."),
            labels: [("reason", reason)]
        ).increment()
    }

    private func counter(_ name: String, _ help: String) {
        registry.makeCounter(descriptor: Self.name(name, "total", help)).increment()
    }

    /// A batch that another instance's commit overtook (PostgreSQL): decided again.
    func recordCommitConflict() { counter("store_conflicts", "Commits overtaken by another instance's, decided again.") }

    func recordCommit(duration: Duration, events: Int) {
        commitSeconds.record(duration)
        committedEvents.increment(by: Int64(events))
    }

    package func recordRaw(received: Int = 0, delivered: Int = 0) {
        if received > 0 { rawMessages.increment(by: Int64(received)) }
        if delivered > 0 { rawDeliveries.increment(by: Int64(delivered)) }
    }

    /// The Prometheus text exposition.
    func render() -> String { registry.emitToString() }
}
