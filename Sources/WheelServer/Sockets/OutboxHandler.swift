import NIOCore
import NIOWebSocket

/// The outbox's end in the socket's pipeline, just after the WebSocket frame encoder. Writes
/// the outbox's frames, watches writability, and notices the socket closing.
final class OutboxHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var outbox: Outbox?
    private var context: ChannelHandlerContext?
    /// The array the next pass's frames are swapped into (its capacity is reused).
    private var batch: [OutboxQueue.Frame] = []

    init(outbox: Outbox) {
        self.outbox = outbox
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed()
        self.context = nil
    }

    /// Writes everything queued, in order, with one flush.
    func writePass(scheduled: Bool) {
        guard let outbox, let context else { return }
        let ending = outbox.takeFrames(into: &batch, scheduled: scheduled)
        if !batch.isEmpty {
            for frame in batch {
                // Shared buffers: one encoded update serves every socket of a role.
                context.write(Self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: frame.bytes)), promise: nil)
            }
            batch.removeAll(keepingCapacity: batch.capacity <= 16)
            context.flush()
        }
        if ending == .room { outbox.closeSocketAfterRoomFinished() }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let outbox, outbox.writabilityChanged(context.channel.isWritable) {
            writePass(scheduled: false)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed()
        context.fireChannelInactive()
    }

    /// Frames the WebSocket library writes; after its close frame nothing more may follow.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if Self.unwrapOutboundIn(data).opcode == .connectionClose { closed() }
        context.write(data, promise: promise)
    }

    private func closed() {
        guard let outbox else { return }
        self.outbox = nil  // also breaks the outbox -> handler -> outbox cycle
        outbox.socketClosed()
    }
}
