import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization

/// The server ending a socket on its own (`hello_timeout`, `not_reading`): from then on
/// nothing the client sends is served, a close frame is sent, and the connection is closed
/// after `grace` whether or not the client answers the close (or reads at all).
package final class ServerClose: Sendable {
    static let grace: TimeAmount = .seconds(2)

    private let channel: any Channel
    private let outbound: WebSocketOutboundWriter
    private let closing = Mutex(false)

    package init(channel: any Channel, outbound: WebSocketOutboundWriter) {
        self.channel = channel
        self.outbound = outbound
    }

    package var isClosing: Bool { closing.withLock { $0 } }

    package func close(_ code: WebSocketErrorCode, reason: String) {
        let first = closing.withLock { closing in
            defer { closing = true }
            return !closing
        }
        guard first else { return }
        let outbound = outbound, channel = channel
        Task { try? await outbound.close(code, reason: reason) }
        channel.eventLoop.scheduleTask(in: Self.grace) { channel.close(promise: nil) }
    }

    /// The same, waiting until the close frame is written: for a handler about to return,
    /// which would otherwise let the library close first with its own code (1000).
    package func closeAndWait(_ code: WebSocketErrorCode, reason: String) async {
        let first = closing.withLock { closing in
            defer { closing = true }
            return !closing
        }
        guard first else { return }
        let channel = channel
        channel.eventLoop.scheduleTask(in: Self.grace) { channel.close(promise: nil) }
        try? await outbound.close(code, reason: reason)
    }
}
