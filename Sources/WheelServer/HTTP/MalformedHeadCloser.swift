import NIOCore


/// Closes a connection whose first request head does not parse.
///
/// On the WebSocket-upgrade channel the upgrade handler reads the first head, and Hummingbird
/// turns NIO's HTTP error handling off: a parse error there (a control character in the
/// request line, a header line without a colon, a head over 80 KB) reaches the end of the
/// pipeline and is dropped, and the connection stays open, unanswered, for ever. This handler
/// sits behind the upgrade handler until the first head has passed (a plain request: then
/// Hummingbird's own handlers answer parse errors) or the upgrade is done, and removes itself.
final class MalformedHeadCloser: ChannelInboundHandler, RemovableChannelHandler {
    // Never unwrapped: everything is passed on as it comes.
    typealias InboundIn = Never
    typealias InboundOut = Never

    private let guardHandler: ConnectionGuardHandler

    init(guardHandler: ConnectionGuardHandler) {
        self.guardHandler = guardHandler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        // The upgrade handler announces a finished upgrade with a user event.
        if !(event is ChannelEvent) {
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guardHandler.refuseMalformedHead()
        context.fireErrorCaught(error)
    }
}

@available(*, unavailable)
extension MalformedHeadCloser: Sendable {}

/// Finds the end of the first request head in a byte stream: an empty line after a request
/// line. Lines may end in CRLF or a bare LF; empty lines before the request line (which
/// HTTP/1.1 lets a server ignore) do not count, so "\r\n\r\n" alone does not stop the clock.
struct RequestHeadScanner {
    private(set) var complete = false
    private var sawContent = false
    /// 0: inside a line; 1: just after LF; 2: just after LF CR.
    private var state = 0

    /// Feeds bytes; true once the head is complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> Bool {
        guard !complete else { return true }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if state != 0, sawContent {
                    complete = true
                    return true
                }
                state = 1
            case UInt8(ascii: "\r"):
                state = state == 1 ? 2 : 0
            default:
                state = 0
                sawContent = true
            }
        }
        return false
    }
}
