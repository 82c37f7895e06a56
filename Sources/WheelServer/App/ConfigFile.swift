import Foundation
import WheelStore

/// The configuration file: `WHEELHOUSE_*=value` lines, the same names as the environment
/// variables (so the file scripts/install writes serves systemd's EnvironmentFile and
/// `--config` alike). `#` starts a comment; a value may be quoted. An unknown name or a line
/// that is not `NAME=value` is an error with its line number: a typo must not pass silently.
public struct ConfigFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var value: String
        public var line: Int
    }

    public let path: String
    public let entries: [String: Entry]

    public enum ReadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case malformed(String, line: Int, String)

        public var description: String {
            switch self {
            case .unreadable(let path, let why): "Cannot read the configuration file \(path): \(why)"
            case .malformed(let path, let line, let why): "\(path):\(line): \(why)"
            }
        }
    }

    public static func read(_ url: URL) throws(ReadError) -> ConfigFile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadable(url.path, error.localizedDescription)
        }
        return try parse(text, path: url.path)
    }

    public static func parse(_ text: String, path: String) throws(ReadError) -> ConfigFile {
        var entries: [String: Entry] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformed(path, line: number, "expected NAME=value")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            guard ConfigSetting.names.contains(name) else {
                let hint = ConfigSetting.closest(to: name).map { "; did you mean \($0)?" } ?? ""
                throw .malformed(path, line: number, "unknown setting \(name)\(hint)")
            }
            guard entries[name] == nil else { throw .malformed(path, line: number, "\(name) is set twice") }
            entries[name] = Entry(value: value, line: number)
        }
        return ConfigFile(path: path, entries: entries)
    }
}

/// The settings `wheelhouse serve` reads, by their environment names, in the order
/// `wheelhouse config check` prints them.
public enum ConfigSetting {
    public static let ordered = [
        "WHEELHOUSE_HOST", "WHEELHOUSE_PORT", "WHEELHOUSE_DATA", "WHEELHOUSE_STORE", "WHEELHOUSE_PLUGINS",
        "WHEELHOUSE_WEB", "WHEELHOUSE_OPENAPI", "WHEELHOUSE_ADMIN_TOKEN", "WHEELHOUSE_LOG_LEVEL", "WHEELHOUSE_MAX_PARTICIPANTS",
        "WHEELHOUSE_MIN_GROUP_SIZE", "WHEELHOUSE_IDLE_TIMEOUT", "WHEELHOUSE_HEADER_TIMEOUT", "WHEELHOUSE_MAX_CONNECTIONS_PER_IP",
        "WHEELHOUSE_JOIN_ATTEMPTS_PER_IP", "WHEELHOUSE_ALLOWED_ORIGINS", "WHEELHOUSE_RETENTION_DAYS",
        "WHEELHOUSE_TLS_CERT", "WHEELHOUSE_TLS_KEY", "WHEELHOUSE_HTTP_REDIRECT_PORT", "WHEELHOUSE_TRUSTED_PROXIES",
        "WHEELHOUSE_RAW_ENDPOINT",
    ]
    public static let names = Set(ordered)

    /// A known name within two edits of `name`, for "did you mean".
    static func closest(to name: String) -> String? {
        ordered.map { ($0, distance(Array($0), Array(name))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var previous = row[0]
            row[0] = i + 1
            for (j, y) in b.enumerated() {
                let keep = row[j + 1]
                row[j + 1] = min(row[j + 1] + 1, row[j] + 1, previous + (x == y ? 0 : 1))
                previous = keep
            }
        }
        return row[b.count]
    }
}

/// Where each setting comes from: a flag beats the environment, which beats the file.
public struct ConfigLayers: Sendable {
    public let flags: [String: String]
    public let environment: [String: String]
    public let file: ConfigFile?

    public init(flags: [String: String], environment: [String: String], file: ConfigFile?) {
        self.flags = flags
        self.environment = environment
        self.file = file
    }

    /// The environment with the file's settings beneath it: what `ServerConfig.resolve` reads.
    public var environmentOverFile: [String: String] {
        var merged = environment
        for (name, entry) in file?.entries ?? [:] where (environment[name] ?? "").isEmpty {
            merged[name] = entry.value
        }
        return merged
    }

    public func source(of name: String) -> String {
        if flags[name] != nil { return "flag" }
        if let value = environment[name], !value.isEmpty { return "environment" }
        if let file, let entry = file.entries[name] { return "\(file.path):\(entry.line)" }
        return "default"
    }
}

extension ServerConfig {
    /// Every setting's effective value as `config check` prints it (the admin token masked).
    public var effectiveSettings: [(name: String, value: String)] {
        func seconds(_ duration: Duration?) -> String {
            duration.map { "\(Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) s" } ?? "off"
        }
        let values: [String: String] = [
            "WHEELHOUSE_HOST": host, "WHEELHOUSE_PORT": String(port), "WHEELHOUSE_DATA": dataDirectory.path,
            "WHEELHOUSE_STORE": store.map(PostgresLocation.redacted) ?? "(SQLite in the data folder)",
            "WHEELHOUSE_PLUGINS": pluginsDirectory.path, "WHEELHOUSE_WEB": webDirectory.path,
            "WHEELHOUSE_OPENAPI": apiDocument.path,
            "WHEELHOUSE_ADMIN_TOKEN": adminTokenGenerated ? "(generated at start)" : "(set, \(adminToken.count) characters)",
            "WHEELHOUSE_LOG_LEVEL": logLevel.rawValue, "WHEELHOUSE_MAX_PARTICIPANTS": String(maxParticipants),
            "WHEELHOUSE_MIN_GROUP_SIZE": String(minGroupSize),
            "WHEELHOUSE_IDLE_TIMEOUT": seconds(connections.idleTimeout),
            "WHEELHOUSE_HEADER_TIMEOUT": seconds(connections.headerTimeout),
            "WHEELHOUSE_MAX_CONNECTIONS_PER_IP": connections.maxPerIP == 0 ? "no limit" : String(connections.maxPerIP),
            "WHEELHOUSE_JOIN_ATTEMPTS_PER_IP": connections.joinAttemptsPerIP == 0 ? "no limit" : String(connections.joinAttemptsPerIP),
            "WHEELHOUSE_ALLOWED_ORIGINS": allowedOrigins.isEmpty ? "(only the server's own)" : allowedOrigins.joined(separator: ","),
            "WHEELHOUSE_RETENTION_DAYS": retentionDays == 0 ? "kept for ever" : "\(retentionDays) days",
            "WHEELHOUSE_TLS_CERT": tlsCertificate?.path ?? "(none: plain HTTP)",
            "WHEELHOUSE_TLS_KEY": tlsKey.map { _ in "(set)" } ?? "(none)",
            "WHEELHOUSE_HTTP_REDIRECT_PORT": httpRedirectPort.map(String.init) ?? "off",
            "WHEELHOUSE_TRUSTED_PROXIES": trustedProxies.isEmpty ? "(none)" : trustedProxies.joined(separator: ","),
            "WHEELHOUSE_RAW_ENDPOINT": rawEndpoint ? "on" : "off",
        ]
        return ConfigSetting.ordered.map { ($0, values[$0] ?? "") }
    }
}
