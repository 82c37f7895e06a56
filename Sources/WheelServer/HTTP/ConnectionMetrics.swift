import Prometheus

/// Connections the server closed below HTTP (ConnectionGuard.swift), for `GET /metrics`:
/// `wheelhouse_http_connections_closed_total{reason="per_ip_limit"|"header_timeout"}`.
extension ServerMetrics {
    enum ConnectionCloseReason: String {
        /// Over `--max-connections-per-ip`: closed at once.
        case perAddressLimit = "per_ip_limit"
        /// No complete request head within `--header-timeout`.
        case headerTimeout = "header_timeout"
    }

    func recordConnectionClosed(reason: ConnectionCloseReason) {
        // The registry returns the existing counter for a known name and label set.
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "wheelhouse", metricName: "http_connections_closed", unitName: "total",
                helpText: "Connections closed by the server's connection limits, by reason."),
            labels: [("reason", reason.rawValue)]
        ).increment()
    }
}
