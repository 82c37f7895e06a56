import Foundation
import NIOSSL
import PostgresNIO

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]`, the form PostgreSQL's own
/// tools take, as a client configuration. `sslmode` means what it means to libpq: `disable`
/// plain TCP; `prefer` (the default) TLS when the server offers it, `require` TLS always, both
/// without checking the certificate (encryption against eavesdroppers, not impostors);
/// `verify-ca` also checks the chain against the system's trust store, `verify-full` the
/// host name too. A database on another machine should get `verify-full`.
public enum PostgresLocation {
    /// Why `url` is not a usable store URL, or nil when it is.
    public static func problem(_ url: String) -> String? {
        do {
            _ = try configuration(url)
            return nil
        } catch StoreError.unavailable(let why) {
            return why
        } catch {
            return "\(error)"
        }
    }

    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty
        else {
            throw StoreError.unavailable("not a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE): \(redacted(url))")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        var unchecked = TLSConfiguration.makeClientConfiguration()
        unchecked.certificateVerification = .none
        var chainOnly = TLSConfiguration.makeClientConfiguration()
        chainOnly.certificateVerification = .noHostnameVerification
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer(unchecked)
        case "require": tls = .require(unchecked)
        case "verify-ca": tls = .require(chainOnly)
        case "verify-full": tls = .require(.makeClientConfiguration())
        default:
            throw StoreError.unavailable("unknown sslmode \(mode) (disable, prefer, require, verify-ca or verify-full)")
        }
        var configuration = PostgresClient.Configuration(
            // URLComponents has decoded user and password already.
            host: host, port: parts.port ?? 5432, username: user, password: parts.password,
            database: database.isEmpty ? user : database, tls: tls)
        configuration.options.connectTimeout = .seconds(3)
        // A session that dies inside a transaction must not hold a workshop's next sequence
        // number for long (its rows lock that key for everyone); nor may one statement or one
        // wait for another's lock outlast what a phone waits.
        configuration.options.additionalStartupParameters = [
            ("idle_in_transaction_session_timeout", "10s"), ("lock_timeout", "3s"), ("statement_timeout", "10s"),
        ]
        configuration.options.maximumConnections = 16
        return configuration
    }

    /// The URL without its password, for logs and errors.
    public static func redacted(_ url: String) -> String {
        // By hand rather than URLComponents: a URL too broken to parse still has no password shown.
        guard let start = url.range(of: "://")?.upperBound, let at = url[start...].lastIndex(of: "@"),
            let colon = url[start..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
