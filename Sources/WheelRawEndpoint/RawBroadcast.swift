import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization
import WheelServer

/// `/ws/raw`: the transport's own limit, measured with no workshop logic and no storage.
/// Benchmark code, so it lives outside the production module (`WheelServer`); the server
/// installs it only with `--raw-endpoint`. It speaks the protocol of the common WebSocket
/// broadcast benchmarks, so public tools can drive it too:
///
/// - `{"type":"echo","payload":P}` comes back unchanged to its sender;
/// - `{"type":"broadcast","payload":P}` goes to every connection (the sender included) as
///   `{"type":"broadcast","payload":P}`, then the sender gets
///   `{"type":"broadcastResult","payload":P,"listenerCount":N}`.
///
/// Frames go out through the same `Outbox` as the app's sockets, so app/raw compares the
/// workshop logic, not two ways of writing: a broadcast is encoded once and the one buffer
/// is queued for every connection; each socket writes what it was given in one pass with one
/// flush. Echoes and results are never dropped; a broadcast to a socket that does not read
/// is (a queue drop, as for an app update).
package struct RawBroadcast: SocketEndpoint {
    /// Larger messages close the socket (1009); the benchmarks send a few hundred bytes.
    static let maxMessageBytes = 64 * 1024

    private let hub = RawHub()

    package init() {}

    package var name: String { "The raw benchmark endpoint /ws/raw (--raw-endpoint)" }

    package func addRoutes(to router: Router<WheelSocketContext>, metrics: ServerMetrics) {
        let hub = hub
        // The socket joins the hub before the upgrade is answered: a client may broadcast the
        // moment its own upgrade is done, and every socket that was upgraded before must hear
        // it. What reaches a socket before its handler runs waits in its outbox.
        router.ws("/ws/raw", shouldUpgrade: { _, context in
            hub.admit(context.channel)
            return .upgrade([:])
        }) { inbound, outbound, context in
            try await Self.serve(
                inbound: inbound, outbound: outbound, channel: context.requestContext.channel, hub: hub,
                metrics: metrics, logger: context.logger)
        }
    }

    private static func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel, hub: RawHub,
        metrics: ServerMetrics, logger: Logger
    ) async throws {
        guard let outbox = hub.outbox(of: channel) else { return }
        let ending = ServerClose(channel: channel, outbound: outbound)
        do {
            // As for the app's sockets: a client that lets replies pile up without reading is
            // closed (1008), after a grace period whether it answers or not.
            try await outbox.attach(to: channel) { code in
                if code == .policyViolation { metrics.recordSocketClosed(reason: "not_reading") }
                ending.close(code, reason: code == .policyViolation ? "not_reading" : "")
            }
        } catch {
            return
        }
        metrics.connectionOpened()
        defer { metrics.connectionClosed() }
        var failure: (any Error)?
        do {
            for try await message in inbound.messages(maxSize: maxMessageBytes) {
                guard !ending.isClosing else { break }
                let bytes = switch message {
                case .text(let text): ByteBuffer(string: text)
                case .binary(let data): data
                }
                // The library bounds fragmented messages only; a single frame is bounded here.
                guard bytes.readableBytes <= maxMessageBytes else {
                    await ending.closeAndWait(.messageTooLarge, reason: "")
                    break
                }
                handle(bytes, from: outbox, hub: hub, metrics: metrics)
            }
        } catch {
            logger.debug("raw socket closed", metadata: ["error": "\(error)"])
            failure = error
        }
        hub.leave(channel)
        await outbox.finishAndWait()
        // A transport error goes back to the WebSocket library, which closes with its code.
        if let failure { throw failure }
    }

    private static func handle(_ message: ByteBuffer, from sender: Outbox, hub: RawHub, metrics: ServerMetrics) {
        metrics.recordRaw(received: 1)
        guard let fields = message.withUnsafeReadableBytes({ TopLevelJSON.fields(in: $0) }) else { return }
        let view = message.readableBytesView
        let base = view.startIndex
        let type = view[(base + fields.type.lowerBound)..<(base + fields.type.upperBound)]
        if type.elementsEqual("echo".utf8) {
            sender.send(message)
            metrics.recordRaw(delivered: 1)  // an echo is never dropped (a reader that stops is closed)
        } else if type.elementsEqual("broadcast".utf8) {
            let payload = fields.payload.map { view[(base + $0.lowerBound)..<(base + $0.upperBound)] } ?? ByteBufferView()
            let (delivered, listeners) = hub.broadcast(buffer(#"{"type":"broadcast","payload":"#, payload, "}"))
            metrics.recordRaw(delivered: delivered)
            for _ in 0..<(listeners - delivered) { metrics.recordQueueDrop() }
            sender.send(buffer(#"{"type":"broadcastResult","payload":"#, payload, #","listenerCount":\#(listeners)}"#))
        }
        // Anything else is ignored, as the benchmark servers do.
    }

    private static func buffer(_ prefix: String, _ payload: ByteBufferView, _ suffix: String) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: prefix.utf8.count + payload.count + suffix.utf8.count)
        buffer.writeString(prefix)
        buffer.writeBytes(payload)
        buffer.writeString(suffix)
        return buffer
    }
}

/// Every raw connection's outbox, by channel.
final class RawHub: Sendable {
    private let members = Mutex<[ObjectIdentifier: Outbox]>([:])

    /// Gives an upgrading connection its outbox and makes it a listener, until it closes.
    func admit(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        members.withLock { $0[id] = Outbox() }
        channel.closeFuture.whenComplete { [self] _ in leave(id) }
    }

    func outbox(of channel: any Channel) -> Outbox? {
        members.withLock { $0[ObjectIdentifier(channel)] }
    }

    func leave(_ channel: any Channel) { leave(ObjectIdentifier(channel)) }

    private func leave(_ id: ObjectIdentifier) {
        _ = members.withLock { $0.removeValue(forKey: id) }
    }

    /// Queues `frame` for every connection; returns how many took it and how many there are.
    func broadcast(_ frame: ByteBuffer) -> (delivered: Int, listeners: Int) {
        let outboxes = members.withLock { Array($0.values) }
        var delivered = 0
        for outbox in outboxes where outbox.sendUpdate(frame) { delivered += 1 }
        return (delivered, outboxes.count)
    }
}
