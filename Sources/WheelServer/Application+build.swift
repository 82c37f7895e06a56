import Foundation
import Hummingbird
import HummingbirdCore
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
    // First, so that its checks run before any route or file, and its headers and error
    // shape apply to every response (HTTP/HTTPGuardMiddleware.swift).
    let origins = OriginCheck(extra: Set(config.allowedOrigins))
    router.add(middleware: HTTPGuardMiddleware(origins: origins, logger: logger))
    router.add(middleware: CompressionMiddleware())
    router.add(middleware: FileMiddleware(
        config.webDirectory.path, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true,
        logger: logger))
    HealthController(metrics: metrics, registry: registry).addRoutes(to: router)
    APIDocument(file: config.apiDocument, logger: logger).addRoutes(to: router)
    WorkshopController(registry: registry, plugins: plugins, maxParticipants: config.maxParticipants).addRoutes(to: router)
    PluginController(plugins: plugins, adminToken: config.adminToken).addRoutes(to: router)

    let socketRouter = Router(context: WheelSocketContext.self)
    SocketController(registry: registry, limits: SocketLimits(), metrics: metrics, joinCodes: JoinCodeGuard(policy: .init(burst: config.connections.joinAttemptsPerIP)), origins: origins)
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
    let limits = config.connections
    let limiter = ConnectionLimiter(maxPerAddress: limits.maxPerIP, logger: logger)
    let openFiles = OpenFileLimit.raise()
    let maxConnections = ConnectionBudget.connections(forOpenFileLimit: openFiles)
    logger.info("Open-file limit \(openFiles): at most \(maxConnections) connections at once")
    let socketResponder = socketRouter.buildResponder()
    // HTTP/1 with the WebSocket upgrade, as `.http1WebSocketUpgrade(webSocketRouter:configuration:)`
    // builds it, with `ConnectionGuardHandler` first in every connection (ConnectionGuard.swift).
    let server = HTTPServerBuilder { responder in
        GuardedChildChannel(
            inner: HTTP1WebSocketUpgradeChannel(
                responder: responder, webSocketResponder: socketResponder,
                configuration: .init(
                    // Between requests on a keep-alive connection; not after an upgrade.
                    http1: .init(idleTimeout: limits.idleTimeout.map { TimeAmount($0) }),
                    // Text frames that are not UTF-8 close the socket with 1007 (RFC 6455).
                    ws: .init(maxFrameSize: SocketLimits().transportMaxBytes, validateUTF8: true))),
            limiter: limiter, headTimeout: limits.headerTimeout.map { TimeAmount($0) }, metrics: metrics)
    }
    return Application(
        router: router,
        server: server,
        configuration: .init(
            address: .hostname(host, port: port), serverName: "wheelhouse",
            availableConnectionsDelegate: ConnectionBudget(maxConnections: maxConnections, logger: logger)),
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
    let registry: RoomRegistry

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ -> EditedResponse<Health> in
            await registry.probeStore()
            let failing = registry.health.failure != nil
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

/// `GET /openapi.yaml`: the OpenAPI document of this API (docs/openapi.yaml).
///
/// Served from the file, not embedded: docs/openapi.yaml is the one copy that is edited and
/// reviewed, and the static folder (`--web`) is for the pages only. The path is configurable
/// (`--openapi`, default `./docs/openapi.yaml` beside `./web` and `./Plugins`); it is read once
/// at start, so a request never waits on the disk, and a missing file is `404 not_found`
/// with a warning at start, not a failure to start.
struct APIDocument {
    let file: URL
    let logger: Logger

    func addRoutes(to router: Router<some RequestContext>) {
        let data = try? Data(contentsOf: file)
        if data == nil {
            logger.warning("No OpenAPI document at \(file.path): GET /openapi.yaml will answer 404.")
        }
        router.get("openapi.yaml") { _, _ -> Response in
            guard let data else {
                throw APIError(status: .notFound, code: "not_found", message: "The OpenAPI document is not installed.")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(data: data)))
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
