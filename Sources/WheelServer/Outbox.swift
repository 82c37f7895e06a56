import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization

/// One socket's outbound queue. The room never waits for a socket.
///
/// Acks, errors and snapshots are always delivered. Updates are bounded: a slow phone loses
/// its oldest updates, notices the gap in `seq`, and asks for a fresh snapshot. A snapshot
/// makes every update queued before it stale, so they are dropped when one is queued.
final class Outbox: Sendable {
    static let updateCapacity = 64

    private struct Frame {
        var bytes: ByteBuffer
        var isUpdate: Bool
    }

    private struct Queue {
        var frames: [Frame] = []
        var updates = 0
    }

    private let queue = Mutex(Queue())
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    init() {
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues an ack or an error; never dropped.
    func send(_ frame: ByteBuffer) {
        queue.withLock { $0.frames.append(Frame(bytes: frame, isUpdate: false)) }
        ring.yield()
    }

    /// Queues an update; returns false when an older update had to be dropped to make room.
    @discardableResult
    func sendUpdate(_ frame: ByteBuffer) -> Bool {
        let dropped = queue.withLock { queue -> Bool in
            var dropped = false
            if queue.updates >= Self.updateCapacity, let oldest = queue.frames.firstIndex(where: \.isUpdate) {
                queue.frames.remove(at: oldest)
                queue.updates -= 1
                dropped = true
            }
            queue.frames.append(Frame(bytes: frame, isUpdate: true))
            queue.updates += 1
            return dropped
        }
        ring.yield()
        return !dropped
    }

    /// Queues a snapshot, dropping the updates it supersedes.
    func sendSnapshot(_ frame: ByteBuffer) {
        queue.withLock { queue in
            queue.frames.removeAll(where: \.isUpdate)
            queue.updates = 0
            queue.frames.append(Frame(bytes: frame, isUpdate: false))
        }
        ring.yield()
    }

    func finish() { ring.finish() }

    /// Writes queued frames until the socket closes or `finish()` is called.
    func drain(into outbound: WebSocketOutboundWriter) async {
        for await _ in doorbell {
            while true {
                let batch = queue.withLock { queue -> [Frame] in
                    defer { queue = Queue() }
                    return queue.frames
                }
                if batch.isEmpty { break }
                for frame in batch {
                    do {
                        // Shared buffers: one encoded update serves every socket of a role.
                        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: frame.bytes)))
                    } catch {
                        return
                    }
                }
            }
        }
    }
}
