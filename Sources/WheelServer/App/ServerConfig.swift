import Foundation
import Logging
import NIOCore
import WheelCore
import WheelStore

/// Everything `wheelhouse serve` can be told, from flags or `WHEELHOUSE_*` variables.
/// This is the one place configuration is read; a flag beats the environment, which beats the default.
public struct ServerConfig: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: URL
    /// A PostgreSQL URL (several instances on one database); nil: the SQLite file under `dataDirectory`.
    public var store: String?
    public var pluginsDirectory: URL
    public var webDirectory: URL
    /// Guards the admin endpoints (plugin reload and upload). Generated and printed when not set.
    public var adminToken: String
    /// True when no admin token was configured, so the server prints the one it made.
    public var adminTokenGenerated = true
    public var logLevel: Logger.Level

    /// The server's logger, at `logLevel`.
    public var logger: Logger {
        var logger = Logger(label: "wheelhouse")
        logger.logLevel = logLevel
        return logger
    }
    /// The most participants a workshop may allow.
    public var maxParticipants = 2000
    /// A new workshop's minimum group size when its creator gives none (docs/results.md):
    /// a municipality's policy, say 5. Each workshop may still set its own, 1-20.
    public var minGroupSize = WorkshopSettings.defaultMinGroupSize
    /// Serves the raw echo/broadcast benchmark endpoint `/ws/raw` (docs/BENCHMARKS.md).
    /// Off by default: it has no workshop logic, no limits beyond the frame size, no storage.
    public var rawEndpoint = false
    /// Connection limits (docs/protocol.md, "HTTP API"): see `ConnectionLimits`.
    public var connections = ConnectionLimits()
    /// Origins other than the server's own that may send state-changing API requests,
    /// e.g. `https://wheelhouse.example.org` behind a reverse proxy that rewrites Host.
    public var allowedOrigins: [String] = []
    /// HTTPS: the certificate chain and its private key (PEM), both or neither.
    public var tlsCertificate: URL?
    public var tlsKey: URL?
    /// With TLS: a plain-HTTP port that redirects every request to https.
    public var httpRedirectPort: Int?

    /// Reverse proxies whose `X-Forwarded-Proto` is believed (IP addresses).
    public var trustedProxies: [String] = []

    /// The scheme of the links the server hands out (join link, QR code).
    public var publicScheme: String { tlsCertificate == nil ? "http" : "https" }
    /// Workshops older than this many days are deleted for good (0: kept for ever).
    public var retentionDays = 180
    /// Moves the server's clock by this many days: for the retention tests only
    /// (`WHEELHOUSE_TEST_CLOCK_OFFSET_DAYS`, no flag, not in the configuration file).
    public var clockOffsetDays = 0.0

    /// The server's clock.
    public var now: @Sendable () -> Date {
        let offset = clockOffsetDays * 86_400
        return { Date().addingTimeInterval(offset) }
    }
    /// The OpenAPI document served at `GET /openapi.yaml`.
    public var apiDocument = URL(fileURLWithPath: "docs/openapi.yaml")

    public init(
        host: String = "0.0.0.0", port: Int = 8080,
        dataDirectory: URL = URL(fileURLWithPath: "wheelhouse-data"),
        pluginsDirectory: URL = URL(fileURLWithPath: "Plugins"),
        webDirectory: URL = URL(fileURLWithPath: "web"),
        adminToken: String = ServerConfig.makeToken(),
        logLevel: Logger.Level = .info
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.pluginsDirectory = pluginsDirectory
        self.webDirectory = webDirectory
        self.adminToken = adminToken
        self.logLevel = logLevel
    }

    public enum ConfigError: Error, CustomStringConvertible {
        case invalid(name: String, value: String, expected: String)

        public var description: String {
            switch self {
            case .invalid(let name, let value, let expected): "\(name)='\(value)' is not valid: expected \(expected)."
            }
        }
    }

    /// Resolves the configuration from explicit values (flags) over `environment` over defaults.
    public static func resolve(
        host: String? = nil, port: Int? = nil, data: String? = nil, plugins: String? = nil, web: String? = nil,
        adminToken: String? = nil, logLevel: String? = nil, rawEndpoint: Bool? = nil,
        idleTimeout: Double? = nil, headerTimeout: Double? = nil, maxConnectionsPerIP: Int? = nil,
        allowedOrigins: [String]? = nil, openAPI: String? = nil, joinAttemptsPerIP: Int? = nil, retentionDays: Int? = nil,
        minGroupSize: Int? = nil, tlsCertificate: String? = nil, tlsKey: String? = nil, httpRedirectPort: Int? = nil, trustedProxies: [String]? = nil,
        store: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ServerConfig {
        var config = ServerConfig()
        func value(_ flag: String?, _ variable: String) -> String? {
            flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        /// The flag, else the variable read as a whole number (a typed error if it is not one).
        func integer(_ flag: Int?, _ variable: String, expected: String) throws -> Int? {
            if let flag { return flag }
            guard let text = environment[variable], !text.isEmpty else { return nil }
            guard let parsed = Int(text) else { throw ConfigError.invalid(name: variable, value: text, expected: expected) }
            return parsed
        }
        if let host = value(host, "WHEELHOUSE_HOST") { config.host = host }
        if let port = try integer(port, "WHEELHOUSE_PORT", expected: "a port number 0-65535") { config.port = port }
        guard (0...65535).contains(config.port) else {
            throw ConfigError.invalid(name: "port", value: String(config.port), expected: "a port number 0-65535")
        }
        if let data = value(data, "WHEELHOUSE_DATA") { config.dataDirectory = URL(fileURLWithPath: data) }
        if let store = value(store, "WHEELHOUSE_STORE") {
            if let problem = PostgresLocation.problem(store) {
                // The value as given, but never its password.
                throw ConfigError.invalid(
                    name: "WHEELHOUSE_STORE", value: PostgresLocation.redacted(store),
                    expected: "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...] (or unset for SQLite): \(problem)")
            }
            config.store = store
        }
        if let plugins = value(plugins, "WHEELHOUSE_PLUGINS") { config.pluginsDirectory = URL(fileURLWithPath: plugins) }
        if let web = value(web, "WHEELHOUSE_WEB") { config.webDirectory = URL(fileURLWithPath: web) }
        if let token = value(adminToken, "WHEELHOUSE_ADMIN_TOKEN") {
            config.adminToken = token
            config.adminTokenGenerated = false
        }
        if let text = environment["WHEELHOUSE_MAX_PARTICIPANTS"], !text.isEmpty {
            guard let limit = Int(text), limit > 0 else {
                throw ConfigError.invalid(name: "WHEELHOUSE_MAX_PARTICIPANTS", value: text, expected: "a positive number")
            }
            config.maxParticipants = limit
        }

        if let raw = rawEndpoint {
            config.rawEndpoint = raw
        } else if let text = environment["WHEELHOUSE_RAW_ENDPOINT"], !text.isEmpty {
            switch text.lowercased() {
            case "1", "true", "yes", "on": config.rawEndpoint = true
            case "0", "false", "no", "off": config.rawEndpoint = false
            default:
                throw ConfigError.invalid(name: "WHEELHOUSE_RAW_ENDPOINT", value: text, expected: "1 or 0")
            }
        }
        /// nil: not given; .some(nil): given as 0, off.
        func seconds(_ flag: Double?, _ variable: String, _ name: String) throws -> Duration?? {
            var given = flag
            if given == nil, let text = environment[variable], !text.isEmpty {
                guard let parsed = Double(text) else {
                    throw ConfigError.invalid(name: variable, value: text, expected: "seconds (0 turns the timeout off)")
                }
                given = parsed
            }
            guard let given else { return .none }
            guard given.isFinite, given >= 0, given <= 86_400 else {
                throw ConfigError.invalid(name: name, value: String(given), expected: "seconds 0-86400 (0 turns the timeout off)")
            }
            return .some(given == 0 ? nil : .milliseconds(Int64((given * 1000).rounded())))
        }
        if let idle = try seconds(idleTimeout, "WHEELHOUSE_IDLE_TIMEOUT", "idle timeout") { config.connections.idleTimeout = idle }
        if let head = try seconds(headerTimeout, "WHEELHOUSE_HEADER_TIMEOUT", "header timeout") { config.connections.headerTimeout = head }
        if let cap = try integer(maxConnectionsPerIP, "WHEELHOUSE_MAX_CONNECTIONS_PER_IP", expected: "a number (0 for no limit)") {
            config.connections.maxPerIP = cap
        }
        guard config.connections.maxPerIP >= 0 else {
            throw ConfigError.invalid(
                name: "max connections per IP", value: String(config.connections.maxPerIP), expected: "a number (0 for no limit)")
        }
        if let attempts = try integer(joinAttemptsPerIP, "WHEELHOUSE_JOIN_ATTEMPTS_PER_IP", expected: "a number (0 for no limit)") {
            config.connections.joinAttemptsPerIP = attempts
        }
        guard (0...100_000).contains(config.connections.joinAttemptsPerIP) else {
            throw ConfigError.invalid(
                name: "join attempts per IP", value: String(config.connections.joinAttemptsPerIP),
                expected: "a number 0-100000 (0 for no limit)")
        }
        let origins = allowedOrigins.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["WHEELHOUSE_ALLOWED_ORIGINS"].map { $0.split(separator: ",").map(String.init) } ?? []
        config.allowedOrigins = try origins.map { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let origin = OriginCheck.normalized(trimmed) else {
                throw ConfigError.invalid(
                    name: "allowed origin", value: trimmed, expected: "an origin such as https://wheelhouse.example.org")
            }
            return origin
        }
        if let path = value(openAPI, "WHEELHOUSE_OPENAPI") { config.apiDocument = URL(fileURLWithPath: path) }
        if let days = try integer(retentionDays, "WHEELHOUSE_RETENTION_DAYS", expected: "days 0-36500 (0 keeps workshops for ever)") {
            config.retentionDays = days
        }
        guard (0...36_500).contains(config.retentionDays) else {
            throw ConfigError.invalid(
                name: "retention days", value: String(config.retentionDays), expected: "days 0-36500 (0 keeps workshops for ever)")
        }
        if let size = try integer(minGroupSize, "WHEELHOUSE_MIN_GROUP_SIZE", expected: "a number 1-20") {
            guard WorkshopSettings.minGroupSizeRange.contains(size) else {
                throw ConfigError.invalid(name: "WHEELHOUSE_MIN_GROUP_SIZE", value: String(size), expected: "a number 1-20")
            }
            config.minGroupSize = size
        }
        let certificate = value(tlsCertificate, "WHEELHOUSE_TLS_CERT"), key = value(tlsKey, "WHEELHOUSE_TLS_KEY")
        switch (certificate, key) {
        case (let certificate?, let key?):
            config.tlsCertificate = URL(fileURLWithPath: certificate)
            config.tlsKey = URL(fileURLWithPath: key)
        case (nil, nil): break
        default:
            throw ConfigError.invalid(
                name: "TLS", value: certificate ?? key ?? "", expected: "both --tls-cert and --tls-key (PEM files), or neither")
        }
        config.httpRedirectPort = try integer(httpRedirectPort, "WHEELHOUSE_HTTP_REDIRECT_PORT", expected: "a port number 1-65535")
        if let port = config.httpRedirectPort {
            guard (1...65535).contains(port), config.tlsCertificate != nil else {
                throw ConfigError.invalid(
                    name: "HTTP redirect port", value: String(port), expected: "a port number 1-65535, with --tls-cert and --tls-key")
            }
        }
        let proxies = trustedProxies.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["WHEELHOUSE_TRUSTED_PROXIES"].map { $0.split(separator: ",").map(String.init) } ?? []
        config.trustedProxies = try proxies.map { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let address = try? SocketAddress(ipAddress: trimmed, port: 0), let ip = address.ipAddress else {
                throw ConfigError.invalid(name: "trusted proxy", value: trimmed, expected: "an IP address such as 10.0.0.2")
            }
            return ip
        }
        if let text = environment["WHEELHOUSE_TEST_CLOCK_OFFSET_DAYS"], let offset = Double(text) {
            config.clockOffsetDays = offset
        }
        if let level = value(logLevel, "WHEELHOUSE_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ConfigError.invalid(name: "log level", value: level, expected: "trace, debug, info, notice, warning, error or critical")
            }
            config.logLevel = parsed
        }
        return config
    }

    /// How long a connection may take and how many one address may hold. `nil` turns a timeout off.
    public struct ConnectionLimits: Sendable, Equatable {
        /// A keep-alive connection with no request in flight is closed after this long.
        /// WebSockets are not affected (they have their own pings).
        public var idleTimeout: Duration? = .seconds(60)
        /// A new connection must have sent its first complete request head within this long.
        public var headerTimeout: Duration? = .seconds(10)
        /// Open connections (HTTP and WebSocket) from one IP address; over it a new connection
        /// is closed at once. 0: no limit.
        public var maxPerIP = 256
        /// Unknown join codes one IP address may try before it is slowed down and locked out
        /// (JoinCodeGuard). 0: no limit.
        public var joinAttemptsPerIP = 10

        public init() {}
    }

    /// A random URL-safe secret.
    public static func makeToken(length: Int = 32) -> String { Tokens.make(length: length) }
}
