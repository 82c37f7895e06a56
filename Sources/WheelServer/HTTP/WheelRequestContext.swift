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
