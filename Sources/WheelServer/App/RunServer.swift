import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import WheelStore

/// The URLs a facilitator can open: every IPv4 address the server is reachable on.
enum ServerAddresses {
    static func urls(host: String, port: Int, scheme: String = "http") -> [String] {
        guard host == "0.0.0.0" || host == "::" else { return ["\(scheme)://\(host):\(port)"] }
        let devices = (try? System.enumerateDevices()) ?? []
        var addresses = devices.compactMap { device -> String? in
            guard let address = device.address, case .v4 = address, let ip = address.ipAddress else { return nil }
            return ip
        }
        addresses.sort { a, b in (a == "127.0.0.1" ? 1 : 0, a) < (b == "127.0.0.1" ? 1 : 0, b) }
        let unique = addresses.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return (unique.isEmpty ? ["127.0.0.1"] : unique).map { "\(scheme)://\($0):\(port)" }
    }
}

/// The store `config` names: PostgreSQL for several instances, else the SQLite file under
/// the data folder.
package func openStore(_ config: ServerConfig) async throws -> any WorkshopStore {
    if let url = config.store {
        let store = try await PostgresStore.open(url: url, logger: config.logger)
        config.logger.notice("Store: PostgreSQL \(PostgresLocation.redacted(url)) (several instances may share it)")
        return store
    }
    return try await SQLiteStore.open(directory: config.dataDirectory, logger: config.logger)
}

/// Builds the application and runs it until SIGTERM or SIGINT.
///
/// The signal first drains (App/Drain.swift): new requests get 503, open sockets are told to
/// reconnect, spread over `spread`. Then graceful shutdown lets requests and sockets finish.
/// A connection that never sends a request (browsers open spare ones) would hold it up
/// forever, so after `grace` the rest is cancelled, and if the process is still there at
/// `deadline` it exits anyway: every acknowledged vote is already durable, so nothing is lost
/// by not waiting.
package func runServer(
    _ config: ServerConfig, endpoints: [any SocketEndpoint] = [], spread: Duration = .seconds(1),
    grace: Duration = .milliseconds(800), deadline: Duration = .milliseconds(1300)
) async throws {
    // A certificate that does not load stops the start: better no server than a plain one.
    let tls = try config.tlsCertificate.map { try TLSCertificates(certificate: $0, key: config.tlsKey ?? $0) }
    let store = try await openStore(config)
    let drain = Drain()
    let app = buildApplication(config, store: store, endpoints: endpoints, tls: tls, drain: drain)
    let logger = app.logger
    var configuration = ServiceGroupConfiguration(services: [app], logger: logger)
    configuration.maximumGracefulShutdownDuration = grace
    let group = ServiceGroup(configuration: configuration)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        tasks.addTask {
            for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                await drain.drain(spread: spread, logger: logger)
                await group.triggerGracefulShutdown()
                try? await Task.sleep(for: deadline)
                guard !Task.isCancelled else { return }
                logger.warning("Shutdown took longer than \(deadline); exiting now.")
                exit(0)
            }
        }
        // The group ends (shutdown done, or an error such as a port in use): stop the watchdog.
        defer { tasks.cancelAll() }
        try await tasks.next()
    }
}
