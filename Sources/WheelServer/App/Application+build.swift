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

/// A WebSocket endpoint installed from outside the production module: the raw benchmark
/// endpoint (WheelRawEndpoint), only when asked for.
package protocol SocketEndpoint: Sendable {
    /// For the warning at start, e.g. "The raw benchmark endpoint /ws/raw".
    var name: String { get }
    func addRoutes(to router: Router<WheelSocketContext>, metrics: ServerMetrics)
}

/// Builds the whole application on `store`; `wheelhouse serve` runs it (on the SQLite store
/// under `--data`) and tests drive it (on a SQLite file or the in-memory store).
package func buildApplication(
    _ config: ServerConfig, store: any WorkshopStore, endpoints: [any SocketEndpoint] = [],
    tls: TLSCertificates? = nil, drain: Drain = Drain()
) -> some ApplicationProtocol {
    let logger = config.logger
    let metrics = ServerMetrics()
    let plugins = PluginLibrary(directory: config.pluginsDirectory, logger: logger)
    let registry = RoomRegistry(store: store, logger: logger, metrics: metrics)
    drain.whenClosed { await registry.finishCommits(within: .seconds(2)) }

    let router = Router(context: WheelRequestContext.self)
    // First, so that its checks run before any route or file, and its headers and error
    // shape apply to every response (HTTP/HTTPGuardMiddleware.swift).
    let origins = OriginCheck(extra: Set(config.allowedOrigins))
    router.add(middleware: DrainMiddleware(drain: drain))
    router.add(middleware: HTTPGuardMiddleware(origins: origins, logger: logger, hsts: tls != nil))
    router.add(middleware: CompressionMiddleware())
    router.add(middleware: FileMiddleware(
        config.webDirectory.path, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true,
        logger: logger))
    HealthController(metrics: metrics, registry: registry, drain: drain).addRoutes(to: router)
    APIDocument(file: config.apiDocument, logger: logger).addRoutes(to: router)
    let workshops = WorkshopController(
        registry: registry, plugins: plugins, maxParticipants: config.maxParticipants,
        minGroupSize: config.minGroupSize,
        links: PublicScheme(tls: tls != nil, trustedProxies: Set(config.trustedProxies)))
    workshops.addRoutes(to: router)
    let retention = RetentionPolicy(days: config.retentionDays, now: config.now)
    RetentionController(workshops: workshops, registry: registry, policy: retention).addRoutes(to: router)
    PluginController(plugins: plugins, adminToken: config.adminToken).addRoutes(to: router)

    let socketRouter = Router(context: WheelSocketContext.self)
    let sockets = SocketServices(
        registry: registry, limits: SocketLimits(), metrics: metrics,
        joinCodes: JoinCodeGuard(policy: .init(burst: config.connections.joinAttemptsPerIP)), drain: drain,
        clientAddress: ClientAddress(trustedProxies: Set(config.trustedProxies)))
    SocketRoutes(services: sockets, origins: origins).addRoutes(to: socketRouter)
    for endpoint in endpoints {
        endpoint.addRoutes(to: socketRouter, metrics: metrics)
        logger.warning("\(endpoint.name) is on: for load tests only.")
    }

    let appLogger = logger
    let host = config.host
    let port = config.port
    let adminTokenGenerated = config.adminTokenGenerated
    let adminToken = config.adminToken
    let limits = config.connections
    let limiter = ConnectionLimiter(maxPerAddress: limits.maxPerIP, logger: logger, exempt: Set(config.trustedProxies))
    let openFiles = OpenFileLimit.raise()
    let maxConnections = ConnectionBudget.connections(forOpenFileLimit: openFiles)
    logger.info("Open-file limit \(openFiles): at most \(maxConnections) connections at once")
    let socketResponder = socketRouter.buildResponder()
    // HTTP/1 with the WebSocket upgrade, as `.http1WebSocketUpgrade(webSocketRouter:configuration:)`
    // builds it, with `ConnectionGuardHandler` first in every connection (ConnectionGuard.swift).
    let server = HTTPServerBuilder { responder in
        TLSChildChannel(inner: GuardedChildChannel(
            inner: HTTP1WebSocketUpgradeChannel(
                responder: responder, webSocketResponder: socketResponder,
                configuration: .init(
                    // Between requests on a keep-alive connection; not after an upgrade.
                    http1: .init(idleTimeout: limits.idleTimeout.map { TimeAmount($0) }),
                    // Text frames that are not UTF-8 close the socket with 1007 (RFC 6455).
                    ws: .init(maxFrameSize: SocketLimits().transportMaxBytes, validateUTF8: true))),
            limiter: limiter, headTimeout: limits.headerTimeout.map { TimeAmount($0) }, metrics: metrics, drain: drain),
            certificates: tls)
    }
    var services: [any Service] = [
        ReloadOnHangup(plugins: plugins, certificates: tls, logger: logger), RoomReleaser(registry: registry),
        StoreCloser(store: store, registry: registry),
    ]
    // Several instances on one database: follow the others' commits (LISTEN/NOTIFY).
    if let feed = store as? any WorkshopFeed {
        services.append(StoreFollower(feed: feed, registry: registry))
    }
    // A service that returns ends the server: the sweeper runs only when there is a period.
    if retention.days > 0 {
        services.append(RetentionSweeper(registry: registry, policy: retention, logger: logger))
    }
    if let redirect = config.httpRedirectPort {
        services.append(HTTPSRedirect.application(host: host, port: redirect, httpsPort: port, logger: logger))
    }
    let scheme = config.publicScheme
    return Application(
        router: router,
        server: server,
        configuration: .init(
            address: .hostname(host, port: port), serverName: "wheelhouse",
            availableConnectionsDelegate: ConnectionBudget(maxConnections: maxConnections, logger: logger)),
        services: services,
        onServerRunning: { channel in
            let boundPort = channel.localAddress?.port ?? port
            for url in ServerAddresses.urls(host: host, port: boundPort, scheme: scheme) {
                appLogger.notice("Open \(url)/facilitator.html to run a workshop; phones join at \(url)")
            }
            if adminTokenGenerated {
                appLogger.notice("Admin token for plugin reload and upload: \(adminToken)")
            }
        },
        logger: logger
    )
}

