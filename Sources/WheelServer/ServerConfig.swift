import Foundation
import Logging

/// Everything `wheelhouse serve` can be told, from flags or `WHEELHOUSE_*` variables.
/// This is the one place configuration is read; a flag beats the environment, which beats the default.
public struct ServerConfig: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: URL
    public var pluginsDirectory: URL
    public var webDirectory: URL
    /// Guards the admin endpoints (plugin reload and upload). Generated and printed when not set.
    public var adminToken: String
    /// True when no admin token was configured, so the server prints the one it made.
    public var adminTokenGenerated = true
    public var logLevel: Logger.Level
    /// The most participants a workshop may allow.
    public var maxParticipants = 2000
    /// Serves the raw echo/broadcast benchmark endpoint `/ws/raw` (docs/BENCHMARKS.md).
    /// Off by default: it has no workshop logic, no limits beyond the frame size, no storage.
    public var rawEndpoint = false

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
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ServerConfig {
        var config = ServerConfig()
        func value(_ flag: String?, _ variable: String) -> String? {
            flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        if let host = value(host, "WHEELHOUSE_HOST") { config.host = host }
        if let port = port {
            config.port = port
        } else if let text = environment["WHEELHOUSE_PORT"], !text.isEmpty {
            guard let parsed = Int(text) else {
                throw ConfigError.invalid(name: "WHEELHOUSE_PORT", value: text, expected: "a port number 0-65535")
            }
            config.port = parsed
        }
        guard (0...65535).contains(config.port) else {
            throw ConfigError.invalid(name: "port", value: String(config.port), expected: "a port number 0-65535")
        }
        if let data = value(data, "WHEELHOUSE_DATA") { config.dataDirectory = URL(fileURLWithPath: data) }
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
        if let level = value(logLevel, "WHEELHOUSE_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ConfigError.invalid(name: "log level", value: level, expected: "trace, debug, info, notice, warning, error or critical")
            }
            config.logLevel = parsed
        }
        return config
    }

    /// A random URL-safe secret.
    public static func makeToken(length: Int = 32) -> String { Tokens.make(length: length) }
}
