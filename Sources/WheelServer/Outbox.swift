import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// One socket's outbound queue. The room never waits for a socket: frames go into a
/// bounded buffer that keeps the newest ones, and a slow phone loses the oldest frames.
/// It notices by a gap in `seq` and asks for a fresh snapshot; a lost ack is recovered by
/// retrying the same `opId`.
struct Outbox: Sendable {
    static let capacity = 64

    let stream: AsyncStream<ByteBuffer>
    private let continuation: AsyncStream<ByteBuffer>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(Self.capacity))
    }

    /// Queues an encoded JSON frame; returns false when an older frame had to be dropped.
    @discardableResult
    func send(_ frame: ByteBuffer) -> Bool {
        switch continuation.yield(frame) {
        case .dropped: return false
        default: return true
        }
    }

    func finish() { continuation.finish() }

    /// Writes queued frames until the socket closes or `finish()` is called.
    func drain(into outbound: WebSocketOutboundWriter) async {
        for await buffer in stream {
            // Shared buffers: one encoded frame serves every socket of a role.
            do {
                try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: buffer)))
            } catch {
                return
            }
        }
    }
}
