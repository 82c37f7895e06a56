import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The WebSocket router's request context: the basic one plus the connection's channel, which
/// a socket's `Outbox` writes to directly.
package struct WheelSocketContext: RequestContext, WebSocketRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let webSocket: WebSocketHandlerReference<WheelSocketContext>
    package let channel: any Channel

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
