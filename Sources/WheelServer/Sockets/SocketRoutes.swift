import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import WheelCore
import WheelProtocol

/// What every socket of the app shares.
struct SocketServices: Sendable {
    let registry: RoomRegistry
    let limits: SocketLimits
    let metrics: ServerMetrics
    /// Join-code attempts per client address (docs/SECURITY.md).
    let joinCodes: JoinCodeGuard
    /// Open sockets, to close them on SIGTERM (App/Drain.swift).
    let drain: Drain
    /// Who a socket's client is, also behind a trusted proxy (per-address limits).
    var clientAddress = ClientAddress(trustedProxies: [])
}

/// The three WebSocket endpoints: `/ws/participant`, `/ws/board`, `/ws/facilitator`. Upgrades
/// a socket, gives it an outbox and a hello deadline, and hands it to a `SocketSession`.
struct SocketRoutes: Sendable {
    let services: SocketServices
    /// Browsers always send `Origin` with an upgrade, an http(s) origin or `null`: a page
    /// from elsewhere gets no socket. Other clients send none, or their own `ws://` origin
    /// (Hummingbird's client does), and are let in: only browsers carry a visitor's trust.
    let origins: OriginCheck

    func addRoutes(to router: Router<WheelSocketContext>) {
        let origins = origins
        for role in [Role.participant, .board, .facilitator] {
            router.ws("/ws/\(role.rawValue)", shouldUpgrade: { [drain = services.drain] request, _ in
                // A stopping instance takes no new socket: the 503 sends the proxy elsewhere.
                guard !drain.isDraining else { return .dontUpgrade }
                guard let origin = request.headers[.origin], Self.isBrowserOrigin(origin) else { return .upgrade([:]) }
                return origins.allows(origin: origin, host: request.head.authority) ? .upgrade([:]) : .dontUpgrade
            }) { inbound, outbound, context in
                let channel = context.requestContext.channel
                try await self.serve(
                    role: role, inbound: inbound, outbound: outbound, channel: channel,
                    address: services.clientAddress.of(context.request, peer: channel.remoteAddress), logger: context.logger)
            }
        }
    }

    static func isBrowserOrigin(_ origin: String) -> Bool {
        let lower = origin.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower == "null"
    }

    private func serve(
        role: Role, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel,
        address: String, logger: Logger
    ) async throws {
        // The outbox writes its frames straight to the channel, on its event loop.
        let outbox = Outbox()
        let metrics = services.metrics
        let ending = ServerClose(channel: channel, outbound: outbound)
        guard let drainHandle = services.drain.register(ending) else {
            await ending.closeAndWait(Drain.closeCode, reason: "draining")
            return
        }
        defer { services.drain.forget(drainHandle) }
        do {
            // The outbox closes the socket when the workshop is deleted (1001), or when the
            // client lets acks and errors pile up without reading them (1008).
            try await outbox.attach(to: channel) { code in
                guard code == .policyViolation else {
                    Task { try? await outbound.close(code, reason: nil) }
                    return
                }
                metrics.recordSocketClosed(reason: "not_reading")
                logger.notice("closing a socket that does not read", metadata: ["address": "\(address)"])
                ending.close(.policyViolation, reason: "not_reading")
            }
        } catch {
            logger.debug("socket closed before it was ready", metadata: ["error": "\(error)"])
            return
        }
        metrics.connectionOpened()
        defer { metrics.connectionClosed() }
        // A socket that never says hello holds a file descriptor and memory for nothing.
        let helloDeadline = Task { [limits = services.limits] in
            guard (try? await Task.sleep(for: limits.helloDeadline)) != nil else { return }
            metrics.recordSocketClosed(reason: "hello_timeout")
            ending.close(.policyViolation, reason: "hello_timeout")
        }
        defer { helloDeadline.cancel() }
        var session = SocketSession(
            role: role, outbox: outbox, services: services, address: address, helloDeadline: helloDeadline,
            ending: ending, logger: logger)
        let failure = await session.run(inbound.messages(maxSize: services.limits.transportMaxBytes))
        // Write what is still queued, then close.
        await outbox.finishAndWait()
        // A transport error (invalid UTF-8, a message too big) goes back to the WebSocket
        // library, which closes with its code (1007, 1009); otherwise we say goodbye.
        if let failure { throw failure }
        try? await outbound.close(.goingAway, reason: nil)
    }
}
