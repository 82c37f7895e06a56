import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization

/// One socket's outbound queue. The room never waits for a socket.
///
/// Acks, errors and snapshots are delivered, never dropped. Updates are bounded: a slow
/// phone loses its oldest updates, notices the gap in `seq`, and asks for a fresh snapshot.
/// A snapshot makes every update and snapshot queued before it stale, so they are dropped
/// when one is queued. Whatever a client sends, what waits here is bounded: when more than
/// `controlCapacity` acks and errors (or `controlBytes` of them) wait for a socket that does
/// not read, the socket is closed with 1008 (policy violation) and its queue let go.
///
/// Frames are written on the socket's event loop, straight into the channel pipeline (as the
/// raw endpoint does): whatever was queued since the last pass goes out in one pass with one
/// flush, so there is no task, actor or async writer between the sender and the socket. The
/// queue is only handed to the socket while the socket is writable; while its send buffer is
/// full, frames wait here, where the bounds above apply. Frames keep their order, and nothing
/// is written after a close frame (ours or the WebSocket library's).
final class Outbox: Sendable {
    static let updateCapacity = 64
    /// Acks and errors waiting for one socket; a client that reads never comes near.
    static let controlCapacity = 256
    static let controlBytes = 256 * 1024

    fileprivate struct Frame {
        enum Kind { case control, snapshot, update }
        var bytes: ByteBuffer
        var kind: Kind
        var isUpdate: Bool { kind == .update }
    }

    fileprivate struct State {
        var frames: [Frame] = []
        var updates = 0
        /// Acks and errors queued, and their bytes.
        var controls = 0
        var controlBytes = 0
        /// The client stopped reading: the socket is being closed, nothing more is queued.
        var overflowed = false
        /// The socket's pipeline handler, once attached.
        var sink: Sink?
        /// A write pass is queued on the socket's event loop.
        var scheduled = false
        /// The socket takes more bytes; while it does not, frames wait here.
        var writable = false
        /// `finish()` was called: write what is queued, then end.
        var finished = false
        /// Ended by the room (`finish()`), not by the session: close the socket when done.
        var closeWhenEnded = false
        /// Ended: everything queued was written, or the socket is gone.
        var ended = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        /// Whether a write pass has something to do.
        var needsPass: Bool {
            guard sink != nil, !ended else { return false }
            return writable ? (!frames.isEmpty || finished) : (finished && frames.isEmpty)
        }

        /// Marks a pass as queued and returns where to queue it, unless one is queued already.
        mutating func requestPass() -> Sink? {
            guard !scheduled, needsPass else { return nil }
            scheduled = true
            return sink
        }
    }

    fileprivate struct Sink: Sendable {
        let loop: any EventLoop
        let handler: NIOLoopBound<OutboxHandler>

        func schedule() {
            loop.execute { handler.value.writePass(scheduled: true) }
        }
    }

    private let state = Mutex(State())
    /// Closes the socket with a close code: after `finish()` (a deleted workshop, 1001), or
    /// when the client does not read (1008); set when attached.
    private let closeSocket = Mutex<(@Sendable (WebSocketErrorCode) -> Void)?>(nil)

    init() {}

    /// Connects the outbox to its socket: installs its handler next to the WebSocket frame
    /// encoder. `closeSocket` is called once the frames queued before `finish()` are written.
    func attach(to channel: any Channel, closeSocket: @escaping @Sendable (WebSocketErrorCode) -> Void) async throws {
        try await channel.eventLoop.submit {
            try self.attachOnLoop(to: channel, closeSocket: closeSocket)
        }.get()
    }

    /// `attach`, on the channel's event loop.
    func attachOnLoop(to channel: any Channel, closeSocket: @escaping @Sendable (WebSocketErrorCode) -> Void) throws {
        self.closeSocket.withLock { $0 = closeSocket }
        let encoder = try channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        let handler = OutboxHandler(outbox: self)
        // After the encoder: our frames are framed by it, and every frame the WebSocket
        // library writes (pong, ping, close) passes the handler on its way out.
        try channel.pipeline.syncOperations.addHandler(handler, position: .after(encoder.handler))
        let sink = Sink(loop: channel.eventLoop, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
        let pass = self.state.withLock { state -> Bool in
            state.sink = sink
            state.writable = channel.isWritable
            return state.needsPass
        }
        if !channel.isActive {
            self.socketClosed()
        } else if pass {
            handler.writePass(scheduled: false)
        }
    }

    /// Queues an ack or an error; never dropped, but a client that lets too many of them
    /// pile up is disconnected (see the type's comment).
    func send(_ frame: ByteBuffer) {
        var overflow = false
        enqueue { queue in
            guard queue.controls < Self.controlCapacity, queue.controlBytes + frame.readableBytes <= Self.controlBytes else {
                // Let the queue go now: the close frame is all that is left to send.
                queue.dropAll()
                queue.overflowed = true
                queue.finished = true
                overflow = true
                return
            }
            queue.frames.append(Frame(bytes: frame, kind: .control))
            queue.controls += 1
            queue.controlBytes += frame.readableBytes
        }
        if overflow { closeSocket.withLock { $0 }?(.policyViolation) }
    }

    /// The client stopped reading and was disconnected for it.
    var overflowed: Bool { state.withLock { $0.overflowed } }

    /// Queues an update; returns false when an older update had to be dropped to make room.
    @discardableResult
    func sendUpdate(_ frame: ByteBuffer) -> Bool {
        var dropped = false
        enqueue { queue in
            if queue.updates >= Self.updateCapacity, let oldest = queue.frames.firstIndex(where: \.isUpdate) {
                queue.frames.remove(at: oldest)
                queue.updates -= 1
                dropped = true
            }
            queue.frames.append(Frame(bytes: frame, kind: .update))
            queue.updates += 1
        }
        return !dropped
    }

    /// Queues a snapshot, dropping the updates and older snapshots it supersedes.
    func sendSnapshot(_ frame: ByteBuffer) {
        enqueue { queue in
            queue.frames.removeAll { $0.kind != .control }
            queue.updates = 0
            queue.frames.append(Frame(bytes: frame, kind: .snapshot))
        }
    }

    /// Ends the outbox (the workshop was deleted): what is queued is written, then the socket
    /// is closed. Frames sent after this are ignored.
    func finish() {
        end(closingSocket: true)
    }

    /// Ends the outbox when its session ends and returns once what was queued is written (or
    /// the socket is gone, or the task is cancelled); the caller closes the socket.
    func finishAndWait() async {
        end(closingSocket: false)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.ended || Task.isCancelled { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            for waiter in self.state.withLock({ $0.takeWaiters() }) {
                waiter.resume()
            }
        }
    }

    private func end(closingSocket: Bool) {
        let sink = state.withLock { state -> Sink? in
            guard !state.finished else { return nil }
            state.finished = true
            state.closeWhenEnded = closingSocket
            return state.requestPass()
        }
        sink?.schedule()
    }

    private func enqueue(_ change: (inout State) -> Void) {
        let sink = state.withLock { state -> Sink? in
            guard !state.finished, !state.ended else { return nil }
            change(&state)
            return state.requestPass()
        }
        sink?.schedule()
    }

    // MARK: On the socket's event loop

    /// Takes the queued frames for writing (swapping in `spare`, so no array is allocated),
    /// if the socket takes them. Returns whether the outbox ended with this pass. `scheduled`:
    /// this is the pass `requestPass()` queued.
    fileprivate func takeFrames(into spare: inout [Frame], scheduled: Bool) -> Bool {
        let (ended, waiters) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
            if scheduled { state.scheduled = false }
            guard state.sink != nil, !state.ended else { return (false, []) }
            if state.writable, !state.frames.isEmpty {
                swap(&state.frames, &spare)
                state.updates = 0
                state.controls = 0
                state.controlBytes = 0
            }
            guard state.finished, state.frames.isEmpty else { return (false, []) }
            state.ended = true
            return (true, state.takeWaiters())
        }
        for waiter in waiters { waiter.resume() }
        return ended
    }

    /// The socket's writability changed; returns whether a pass has something to write.
    fileprivate func writabilityChanged(_ writable: Bool) -> Bool {
        state.withLock { state in
            state.writable = writable
            return state.needsPass
        }
    }

    /// The socket closed, or a close frame went out: nothing more is written.
    fileprivate func socketClosed() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.dropAll()
            state.sink = nil
            state.finished = true
            state.closeWhenEnded = false
            guard !state.ended else { return [] }
            state.ended = true
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// After the last pass of a `finish()`ed outbox.
    fileprivate func closeSocketIfFinishedByRoom() {
        guard state.withLock({ $0.closeWhenEnded }) else { return }
        closeSocket.withLock { $0 }?(.goingAway)
    }
}

extension Outbox.State {
    /// Forgets every queued frame and its counts.
    fileprivate mutating func dropAll() {
        frames = []
        updates = 0
        controls = 0
        controlBytes = 0
    }

    fileprivate mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
        defer { waiters = [] }
        return waiters
    }
}

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
    private var batch: [Outbox.Frame] = []

    fileprivate init(outbox: Outbox) {
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
    fileprivate func writePass(scheduled: Bool) {
        guard let outbox, let context else { return }
        let ended = outbox.takeFrames(into: &batch, scheduled: scheduled)
        if !batch.isEmpty {
            for frame in batch {
                // Shared buffers: one encoded update serves every socket of a role.
                context.write(Self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: frame.bytes)), promise: nil)
            }
            batch.removeAll(keepingCapacity: batch.capacity <= 16)
            context.flush()
        }
        if ended { outbox.closeSocketIfFinishedByRoom() }
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
