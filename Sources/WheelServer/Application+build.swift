import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import WheelCore
import WheelStore

/// Builds the whole application; `wheelhouse serve` runs it and tests drive it.
public func buildApplication(_ config: ServerConfig) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "wheelhouse")
    logger.logLevel = config.logLevel

    let store = try await SQLiteStore.open(directory: config.dataDirectory, logger: logger)
    let metrics = ServerMetrics()
    let plugins = PluginLibrary(directory: config.pluginsDirectory, logger: logger)
    let registry = RoomRegistry(store: store, logger: logger, metrics: metrics)

    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: CompressionMiddleware())
    router.add(middleware: FileMiddleware(
        config.webDirectory.path, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true,
        logger: logger))
    HealthController(metrics: metrics, store: registry.health).addRoutes(to: router)
    WorkshopController(registry: registry, plugins: plugins, maxParticipants: config.maxParticipants).addRoutes(to: router)
    PluginController(plugins: plugins, adminToken: config.adminToken).addRoutes(to: router)

    let socketRouter = Router(context: WheelSocketContext.self)
    SocketController(registry: registry, limits: SocketLimits(), metrics: metrics, joinCodes: JoinCodeGuard())
        .addRoutes(to: socketRouter)
    if config.rawEndpoint {
        RawBroadcast(metrics: metrics).addRoutes(to: socketRouter)
        logger.warning("The raw benchmark endpoint /ws/raw is on (--raw-endpoint): for load tests only.")
    }

    let appLogger = logger
    let host = config.host
    let port = config.port
    let adminTokenGenerated = config.adminTokenGenerated
    let adminToken = config.adminToken
    return Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: socketRouter,
            // Text frames that are not UTF-8 close the socket with 1007 (RFC 6455).
            configuration: .init(maxFrameSize: SocketLimits().transportMaxBytes, validateUTF8: true)),
        configuration: .init(address: .hostname(host, port: port), serverName: "wheelhouse"),
        services: [ReloadOnHangup(plugins: plugins, logger: logger), StoreCloser(store: store)],
        onServerRunning: { channel in
            let boundPort = channel.localAddress?.port ?? port
            for url in ServerAddresses.urls(host: host, port: boundPort) {
                appLogger.notice("Open \(url)/facilitator.html to run a workshop; phones join at \(url)")
            }
            if adminTokenGenerated {
                appLogger.notice("Admin token for plugin reload and upload: \(adminToken)")
            }
        },
        logger: logger
    )
}

struct HealthController {
    struct Health: ResponseEncodable {
        let status: String
        /// `ok`, or `unavailable` while the store refuses writes (503 then).
        let store: String
        let version: String
    }

    let metrics: ServerMetrics
    let store: StoreHealth

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ -> EditedResponse<Health> in
            let failing = store.failure != nil
            return EditedResponse(
                status: failing ? .serviceUnavailable : .ok,
                response: Health(
                    status: failing ? "degraded" : "ok", store: failing ? "unavailable" : "ok",
                    version: WheelhouseVersion.current))
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }
}

/// SIGHUP re-reads the plugins folder, like the admin reload endpoint.
struct ReloadOnHangup: Service {
    let plugins: PluginLibrary
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            logger.notice("SIGHUP: reloading plugins")
            await plugins.reload()
        }
    }
}

/// Closes the store after the server has stopped taking requests.
struct StoreCloser: Service {
    let store: SQLiteStore

    func run() async throws {
        // Returns on graceful shutdown, and also when the group is cancelled (a shutdown that
        // ran past its grace period, or a port that could not be bound).
        try? await gracefulShutdown()
        // Close even then: a detached task does not inherit the cancellation.
        try await Task.detached { try await store.close() }.value
    }
}

/// The URLs a facilitator can open: every IPv4 address the server is reachable on.
enum ServerAddresses {
    static func urls(host: String, port: Int) -> [String] {
        guard host == "0.0.0.0" || host == "::" else { return ["http://\(host):\(port)"] }
        let devices = (try? System.enumerateDevices()) ?? []
        var addresses = devices.compactMap { device -> String? in
            guard let address = device.address, case .v4 = address, let ip = address.ipAddress else { return nil }
            return ip
        }
        addresses.sort { a, b in (a == "127.0.0.1" ? 1 : 0, a) < (b == "127.0.0.1" ? 1 : 0, b) }
        let unique = addresses.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return (unique.isEmpty ? ["127.0.0.1"] : unique).map { "http://\($0):\(port)" }
    }
}

/// Builds the application and runs it until SIGTERM or SIGINT.
///
/// Graceful shutdown lets requests and sockets finish. A connection that never sends a
/// request (browsers open spare ones) would hold it up forever, so after `grace` the rest is
/// cancelled, and if the process is still there at `deadline` it exits anyway: every
/// acknowledged vote is already durable, so nothing is lost by not waiting.
public func runServer(
    _ config: ServerConfig, grace: Duration = .milliseconds(800), deadline: Duration = .milliseconds(1300)
) async throws {
    let app = try await buildApplication(config)
    let logger = app.logger
    var configuration = ServiceGroupConfiguration(
        services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    configuration.maximumGracefulShutdownDuration = grace
    let group = ServiceGroup(configuration: configuration)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        tasks.addTask {
            for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
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
