import ArgumentParser
import Foundation
import WheelServer

/// `wheelhouse serve`'s settings, shared with `wheelhouse config check`: flags, then the
/// environment, then the configuration file (`--config`, `WHEELHOUSE_CONFIG`), then defaults.
struct ServeOptions: ParsableArguments {
    @Option(help: "A configuration file of WHEELHOUSE_*=value lines, as scripts/install writes (env WHEELHOUSE_CONFIG). Flags and the environment beat it.")
    var config: String?
    @Option(help: "Address to bind (env WHEELHOUSE_HOST; default 0.0.0.0, every interface).")
    var host: String?
    @Option(help: "Port (env WHEELHOUSE_PORT; default 8080).")
    var port: Int?
    @Option(help: "Data folder for the SQLite store (env WHEELHOUSE_DATA; default ./wheelhouse-data).")
    var data: String?
    @Option(help: "Store several instances share: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=require] (env WHEELHOUSE_STORE; default: the SQLite file in the data folder).")
    var store: String?
    @Option(help: "Plugins folder (env WHEELHOUSE_PLUGINS; default ./Plugins).")
    var plugins: String?
    @Option(help: "Static web folder (env WHEELHOUSE_WEB; default ./web).")
    var web: String?
    @Option(help: "Admin token for plugin reload and upload (env WHEELHOUSE_ADMIN_TOKEN; generated when unset).")
    var adminToken: String?
    @Option(help: "Log level (env WHEELHOUSE_LOG_LEVEL; default info).")
    var logLevel: String?
    @Flag(help: "Serve the raw echo/broadcast benchmark endpoint /ws/raw (env WHEELHOUSE_RAW_ENDPOINT=1; default off).")
    var rawEndpoint = false
    @Option(help: "Close a keep-alive HTTP connection idle this many seconds; 0: never (env WHEELHOUSE_IDLE_TIMEOUT; default 60). WebSockets are not affected.")
    var idleTimeout: Double?
    @Option(help: "Close a new connection that has not sent a complete request head within this many seconds; 0: never (env WHEELHOUSE_HEADER_TIMEOUT; default 10).")
    var headerTimeout: Double?
    @Option(name: .customLong("max-connections-per-ip"), help: "Open connections one IP address may hold, HTTP and WebSocket; 0: no limit (env WHEELHOUSE_MAX_CONNECTIONS_PER_IP; default 256).")
    var maxConnectionsPerIP: Int?
    @Option(name: .customLong("join-attempts-per-ip"), help: "Unknown join codes one IP address may try before it is slowed down and locked out; 0: no limit, e.g. behind a proxy that hides client addresses (env WHEELHOUSE_JOIN_ATTEMPTS_PER_IP; default 10).")
    var joinAttemptsPerIP: Int?
    @Option(help: "Another origin (scheme://host[:port]) allowed to send state-changing API requests, e.g. behind a reverse proxy; repeatable (env WHEELHOUSE_ALLOWED_ORIGINS, comma-separated).")
    var allowedOrigin: [String] = []
    @Option(help: "Delete workshops for good this many days after they were created, unless their facilitator keeps them longer; 0: keep for ever (env WHEELHOUSE_RETENTION_DAYS; default 180).")
    var retentionDays: Int?
    @Option(help: "A new workshop's minimum group size when its facilitator sets none: figures from fewer answers are withheld, 1-20 (env WHEELHOUSE_MIN_GROUP_SIZE; default 3).")
    var minGroupSize: Int?
    @Option(help: "HTTPS: the certificate chain, PEM (env WHEELHOUSE_TLS_CERT; with --tls-key). SIGHUP re-reads it.")
    var tlsCert: String?
    @Option(help: "HTTPS: the certificate's private key, PEM (env WHEELHOUSE_TLS_KEY).")
    var tlsKey: String?
    @Option(help: "With HTTPS: also listen for plain HTTP on this port and redirect to https (env WHEELHOUSE_HTTP_REDIRECT_PORT).")
    var httpRedirectPort: Int?
    @Option(help: "A reverse proxy (IP address) in front of the server: its X-Forwarded-Proto decides the scheme of join links, its X-Forwarded-For the client address the per-address limits count, and its own connections are not capped; repeatable (env WHEELHOUSE_TRUSTED_PROXIES, comma-separated).")
    var trustedProxy: [String] = []
    @Option(help: "The OpenAPI document served at /openapi.yaml (env WHEELHOUSE_OPENAPI; default ./docs/openapi.yaml).")
    var openapi: String?

    /// The flags given, by the name of the environment variable they stand for.
    var flags: [String: String] {
        var given: [String: String?] = [
            "WHEELHOUSE_HOST": host, "WHEELHOUSE_PORT": port.map(String.init), "WHEELHOUSE_DATA": data,
            "WHEELHOUSE_STORE": store,
            "WHEELHOUSE_PLUGINS": plugins, "WHEELHOUSE_WEB": web, "WHEELHOUSE_ADMIN_TOKEN": adminToken,
            "WHEELHOUSE_LOG_LEVEL": logLevel, "WHEELHOUSE_RAW_ENDPOINT": rawEndpoint ? "1" : nil,
            "WHEELHOUSE_IDLE_TIMEOUT": idleTimeout.map { String($0) },
            "WHEELHOUSE_HEADER_TIMEOUT": headerTimeout.map { String($0) },
            "WHEELHOUSE_MAX_CONNECTIONS_PER_IP": maxConnectionsPerIP.map(String.init),
            "WHEELHOUSE_JOIN_ATTEMPTS_PER_IP": joinAttemptsPerIP.map(String.init),
            "WHEELHOUSE_ALLOWED_ORIGINS": allowedOrigin.isEmpty ? nil : allowedOrigin.joined(separator: ","),
            "WHEELHOUSE_OPENAPI": openapi, "WHEELHOUSE_RETENTION_DAYS": retentionDays.map(String.init),
            "WHEELHOUSE_MIN_GROUP_SIZE": minGroupSize.map(String.init),
            "WHEELHOUSE_TLS_CERT": tlsCert, "WHEELHOUSE_TLS_KEY": tlsKey,
            "WHEELHOUSE_HTTP_REDIRECT_PORT": httpRedirectPort.map(String.init),
            "WHEELHOUSE_TRUSTED_PROXIES": trustedProxy.isEmpty ? nil : trustedProxy.joined(separator: ","),
        ]
        given = given.filter { $0.value != nil }
        return given.compactMapValues { $0 }
    }

    /// The effective configuration and, per setting, where its value came from.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> (config: ServerConfig, layers: ConfigLayers)
    {
        let path = config ?? environment["WHEELHOUSE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let file: ConfigFile?
        do {
            file = try path.map { try ConfigFile.read(URL(fileURLWithPath: $0)) }
        } catch let error as ConfigFile.ReadError {
            throw ValidationError(error.description)
        }
        let layers = ConfigLayers(flags: flags, environment: environment, file: file)
        do {
            let resolved = try ServerConfig.resolve(
                host: host, port: port, data: data, plugins: plugins, web: web, adminToken: adminToken,
                logLevel: logLevel, rawEndpoint: rawEndpoint ? true : nil,
                idleTimeout: idleTimeout, headerTimeout: headerTimeout, maxConnectionsPerIP: maxConnectionsPerIP,
                allowedOrigins: allowedOrigin.isEmpty ? nil : allowedOrigin, openAPI: openapi,
                joinAttemptsPerIP: joinAttemptsPerIP, retentionDays: retentionDays, minGroupSize: minGroupSize,
                tlsCertificate: tlsCert, tlsKey: tlsKey, httpRedirectPort: httpRedirectPort,
                trustedProxies: trustedProxy.isEmpty ? nil : trustedProxy, store: store,
                environment: layers.environmentOverFile)
            return (resolved, layers)
        } catch let error as ServerConfig.ConfigError {
            throw ValidationError(error.description)
        }
    }
}
