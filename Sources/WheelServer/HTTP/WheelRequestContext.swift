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
        let ip = peer?.ipAddress ?? "unknown"
        guard trustedProxies.contains(ip), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            (try? SocketAddress(ipAddress: last, port: 0)) != nil
        else { return ip }
        return last
    }
}
