import Foundation
import HTTPTypes
import Hummingbird
import Logging
import WheelProtocol

/// The outermost middleware: request hygiene before anything routes or serves a file, and
/// the same security headers and error shape on every response (docs/protocol.md, "HTTP API").
///
/// 1. A path with a control character (raw or percent-encoded, %00-%1F, %7F), a backslash,
///    bad percent-encoding, or that starts with `//` once decoded is `400 invalid_path`. The
///    file server would otherwise open `index.html%00.svg` as `index.html` (the C path ends
///    at the NUL) and redirect the folder `//css` to `//css/`, which a browser reads as
///    another host.
/// 2. State-changing API requests (POST, PUT, PATCH, DELETE under `/api/`): an `Origin`
///    header, when present, must be the server's own (its host and port equal to the request's
///    Host) or a configured one (`403 forbidden_origin`); a request with a body must say
///    `Content-Type: application/json`, or `application/zip` for the plugin upload
///    (`415 unsupported_media_type`). A page on another site can send a form or a `text/plain`
///    body without asking; it cannot send `application/json` without a CORS preflight, which
///    this server never grants.
/// 3. Every error thrown below, Hummingbird's own included, becomes the one error shape.
/// 4. Security headers on every response: a CSP without inline script, nosniff, no referrer,
///    no framing, a same-origin opener.
struct HTTPGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: OriginCheck
    let logger: Logger
    /// On TLS: tell browsers to use https only (HSTS), for a year.
    var hsts = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            try check(request)
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try APIError(
                status: error.status, code: Self.code(for: error.status),
                message: (error as? HTTPError)?.body ?? Self.message(for: error.status)
            ).response(from: request, context: context)
            // Keep what the error says about itself (Allow, WWW-Authenticate, ...).
            if let headers = (error as? HTTPError)?.headers {
                for field in headers where field.name != .contentType && field.name != .contentLength {
                    response.headers.append(field)
                }
            }
        } catch {
            logger.error("Request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = try APIError(
                status: .internalServerError, code: .internalError, message: "The server could not answer."
            ).response(from: request, context: context)
        }
        if let location = response.headers[.location], !Self.isSafeRedirect(location) {
            // Never send a browser to another host by a path-looking redirect.
            response = try APIError.pathNotFound.response(from: request, context: context)
        }
        for field in SecurityHeaders.fields where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        if hsts { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }

    private func check(_ request: Request) throws {
        if let problem = PathCheck.problem(request.uri.path) {
            throw APIError.badRequest(.invalidPath, problem)
        }
        guard Self.isStateChanging(request) else { return }
        if let origin = request.headers[.origin], !origins.allows(origin: origin, host: request.head.authority) {
            throw APIError(
                status: .forbidden, code: .forbiddenOrigin,
                message: "Requests from \(origin) may not change anything on this server.")
        }
        guard Self.hasBody(request) else { return }
        let accepted = Self.acceptedMediaTypes(request)
        let given = request.headers[.contentType].map(Self.mediaType) ?? ""
        guard accepted.contains(given) else {
            throw APIError(
                status: .unsupportedMediaType, code: .unsupportedMediaType,
                message: "The body must be \(accepted[0])"
                    + (given.isEmpty ? " (no Content-Type was given)." : ", not \(given)."))
        }
    }

    static func isStateChanging(_ request: Request) -> Bool {
        let path = request.uri.path
        guard path == "/api" || path.hasPrefix("/api/") else { return false }
        return [.post, .put, .patch, .delete].contains(request.method)
    }

    /// A body is announced by a non-zero Content-Length or by Transfer-Encoding.
    static func hasBody(_ request: Request) -> Bool {
        if request.headers[.transferEncoding] != nil { return true }
        guard let length = request.headers[.contentLength] else { return false }
        return length.trimmingCharacters(in: .whitespaces) != "0"
    }

    /// The media types a state-changing request's body may have; the first is the one to use.
    static func acceptedMediaTypes(_ request: Request) -> [String] {
        if request.method == .post, request.uri.path == "/api/admin/plugins" {
            // Windows browsers label a .zip file application/x-zip-compressed.
            return ["application/zip", "application/x-zip-compressed"]
        }
        return ["application/json"]
    }

    /// `application/json; charset=utf-8` → `application/json`.
    static func mediaType(_ header: String) -> String {
        (header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "")
            .trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A redirect target that stays on this host: a path with a single leading slash.
    static func isSafeRedirect(_ location: String) -> Bool {
        guard location.hasPrefix("/") else { return false }
        return !location.hasPrefix("//") && !location.contains("\\")
            && !location.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    static func code(for status: HTTPResponse.Status) -> ErrorCode {
        switch status.code {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 408: .requestTimeout
        case 413: .tooLarge
        case 414: .uriTooLong
        case 415: .unsupportedMediaType
        case 431: .headersTooLarge
        case 500...: .internalError
        default: .badRequest
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "Nothing here."
        default: status.reasonPhrase.isEmpty ? "HTTP \(status.code)" : "\(status.reasonPhrase)."
        }
    }
}

/// The headers every response carries (see `HTTPGuardMiddleware`).
enum SecurityHeaders {
    static let fields: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
        .xFrameOptions: "SAMEORIGIN",
        .crossOriginOpenerPolicy: "same-origin",
    ]

    /// Scripts and styles only from files of this server (no inline script, no `style=`
    /// attributes; the pages set styles through the CSSOM, which this allows); images also
    /// as `data:` (the favicon); sockets to this server (`ws:`/`wss:` for browsers whose
    /// `'self'` does not cover WebSockets yet); in a frame only of this server's own pages
    /// (the console's board preview), never of another site's.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self' ws: wss:; object-src 'none'; frame-ancestors 'self'; base-uri 'none'; "
        + "form-action 'self'"
}

/// The rule for request paths (see `HTTPGuardMiddleware`).
enum PathCheck {
    /// Why `path` (as sent, percent-encoded) is refused, or nil.
    static func problem(_ path: String) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(path.utf8.count)
        var bytes = path.utf8.makeIterator()
        while let byte = bytes.next() {
            var value = byte
            if byte == UInt8(ascii: "%") {
                guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else {
                    return "The path has invalid percent-encoding."
                }
                value = high << 4 | low
            }
            if value < 0x20 || value == 0x7F { return "The path contains a control character." }
            if value == UInt8(ascii: "\\") { return "The path contains a backslash." }
            decoded.append(value)
        }
        if decoded.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            return "The path starts with //."
        }
        return nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Which `Origin` may send state-changing requests: the server's own, as the request's Host
/// names it (so every address the server is reached by works without configuration), plus
/// any configured with `--allowed-origin`.
struct OriginCheck: Sendable {
    /// Normalized, see `normalized`.
    var extra: Set<String> = []

    func allows(origin: String, host: String?) -> Bool {
        guard let parsed = Self.parse(origin) else { return false }  // includes "null"
        if extra.contains(parsed.normalized) { return true }
        guard let host, let own = Self.authority(host) else { return false }
        return own.host == parsed.host && (own.port ?? parsed.defaultPort) == parsed.port
    }

    /// `HTTP://Example.org:80/` → `http://example.org`; nil when it is not an http(s) origin.
    static func normalized(_ origin: String) -> String? {
        var text = origin
        if text.hasSuffix("/") { text.removeLast() }
        return parse(text)?.normalized
    }

    struct Origin {
        var scheme: String
        var host: String
        var port: Int
        var defaultPort: Int { scheme == "https" ? 443 : 80 }
        var normalized: String { port == defaultPort ? "\(scheme)://\(host)" : "\(scheme)://\(host):\(port)" }
    }

    /// An Origin header: `scheme://host[:port]`, nothing else.
    static func parse(_ text: String) -> Origin? {
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("http://") {
            scheme = "http"
        } else if lowered.hasPrefix("https://") {
            scheme = "https"
        } else {
            return nil
        }
        guard let authority = authority(String(lowered.dropFirst(scheme.count + 3))) else { return nil }
        return Origin(scheme: scheme, host: authority.host, port: authority.port ?? (scheme == "https" ? 443 : 80))
    }

    /// `host[:port]`, `[v6]:port`; lowercased host; nil when malformed (a path, user info, a bad port).
    static func authority(_ text: String) -> (host: String, port: Int?)? {
        let text = text.lowercased()
        var host = Substring(text)
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[...close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return nil }
                portText = rest.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { "/?#@ ".contains($0) }) else { return nil }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (0...65535).contains(value), portText.allSatisfy(\.isNumber) else {
                return nil
            }
            port = value
        }
        return (String(host), port)
    }
}

extension HTTPField.Name {
    // Not among swift-http-types' names.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
}

extension APIError {
    static let pathNotFound = APIError(status: .notFound, code: .notFound, message: "Nothing here.")
}
