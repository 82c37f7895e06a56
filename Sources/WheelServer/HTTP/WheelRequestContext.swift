import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The HTTP router's request context: the basic one plus the client's address, which the
/// links need behind a TLS-terminating proxy (`PublicScheme`).
struct WheelRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The scheme of the links the server hands out: https on TLS; behind a proxy that
/// terminates TLS, what its `X-Forwarded-Proto` says, but only when the request comes from
/// one of the configured proxy addresses (`--trusted-proxy`): anyone else could claim it.
struct PublicScheme: Sendable {
    let tls: Bool
    let trustedProxies: Set<String>

    func scheme(of request: Request, from address: SocketAddress?) -> String {
        if tls { return "https" }
        guard let ip = address?.ipAddress, trustedProxies.contains(ip),
            let forwarded = request.headers[HTTPField.Name("X-Forwarded-Proto")!]
        else { return "http" }
        // A chain of proxies lists one per hop; the first is the client's.
        let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased()
        return first == "https" ? "https" : "http"
    }
}

/// The client's IP address: the peer's, or behind a trusted proxy (`--trusted-proxy`) the
/// address that proxy appended to `X-Forwarded-For`. Only the last entry is the proxy's own
/// word; earlier ones are whatever the client sent.
struct ClientAddress: Sendable {
    let trustedProxies: Set<String>

    func of(_ request: Request, peer: SocketAddress?) -> String {
        let ip = Self.plain(peer?.ipAddress ?? "unknown")
        guard trustedProxies.contains(ip), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last.map({ Self.plain(String($0)) }),
            (try? SocketAddress(ipAddress: last, port: 0)) != nil
        else { return ip }
        return last
    }

    /// An address as one string per host: without a port (`1.2.3.4:5`, `[::1]:5`), brackets,
    /// or the IPv4-mapped prefix a dual-stack socket reports (`::ffff:1.2.3.4`).
    static func plain(_ text: String) -> String {
        var address = text.trimmingCharacters(in: .whitespaces)
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            address = String(address[address.index(after: address.startIndex)..<close])
        } else if address.filter({ $0 == ":" }).count == 1, let colon = address.firstIndex(of: ":") {
            address = String(address[..<colon])
        }
        if address.lowercased().hasPrefix("::ffff:"), address.contains(".") { address = String(address.dropFirst(7)) }
        return address
    }
}
