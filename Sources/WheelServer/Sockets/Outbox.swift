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
/// Frames are written on the socket's event loop, straight into the channel pipeline
/// (`OutboxHandler`): whatever was queued since the last pass goes out in one pass with one
/// flush, so there is no task, actor or async writer between the sender and the socket. The
/// queue is only handed to the socket while the socket is writable; while its send buffer is
/// full, frames wait here, where the bounds above apply. Frames keep their order, and nothing
/// is written after a close frame (ours or the WebSocket library's).
package final class Outbox: Sendable {
    static let updateCapacity = 64
    /// Acks and errors waiting for one socket; a client that reads never comes near.
    static let controlCapacity = 256
    static let controlBytes = 256 * 1024

    /// Where an outbox is in its life. Frames are taken while `waiting` or `open`.
    enum Phase {
        /// Not attached to its socket yet: frames wait.
        case waiting
        /// Attached: frames are written as the socket takes them.
        case open(Sink)
        /// No more frames are taken; what is queued is written, then the outbox ends. Without a
        /// sink while it was never attached.
        case finishing(Sink?, Ending)
        /// Everything queued was written (how it was finished), or the socket is gone (nil, unless
        /// the client had stopped reading).
        case ended(Ending?)
    }

    /// Who finished the outbox, which says what happens once its queue is written.
    enum Ending: Equatable {
        /// The room (the workshop was deleted): close the socket with 1001.
        case room
        /// The session: it closes the socket itself.
        case session
        /// The client stopped reading: the queue was let go and the socket is being closed.
        case notReading
    }

    struct State {
        var queue = OutboxQueue()
        var phase = Phase.waiting
        /// A write pass is queued on the socket's event loop.
        var scheduled = false
        /// The socket takes more bytes; while it does not, frames wait here.
        var writable = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        var sink: Sink? {
            switch phase {
            case .open(let sink): sink
            case .finishing(let sink, _): sink
            case .waiting, .ended: nil
            }
        }

        var takesFrames: Bool {
            switch phase {
            case .waiting, .open: true
            case .finishing, .ended: false
            }
        }

        /// Whether a write pass has something to do: write frames, or end a finished outbox.
        var needsPass: Bool {
            guard sink != nil else { return false }
            if case .finishing = phase { return writable || queue.isEmpty }
            return writable && !queue.isEmpty
        }

        /// Marks a pass as queued and returns where to queue it, unless one is queued already.
        mutating func requestPass() -> Sink? {
            guard !scheduled, needsPass else { return nil }
            scheduled = true
            return sink
        }

        mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
            defer { waiters = [] }
            return waiters
        }
    }

    struct Sink: Sendable {
        let loop: any EventLoop
        let handler: NIOLoopBound<OutboxHandler>

        func schedule() {
            loop.execute { handler.value.writePass(scheduled: true) }
        }
    }

    private let state = Mutex(State())
    /// Closes the socket with a close code: after the room's `finish()` (1001), or when the
    /// client does not read (1008); set when attached.
    private let closeSocket = Mutex<(@Sendable (WebSocketErrorCode) -> Void)?>(nil)

    package init() {}

    /// Connects the outbox to its socket: installs its handler next to the WebSocket frame
    /// encoder. `closeSocket` is called once the frames queued before `finish()` are written.
    package func attach(to channel: any Channel, closeSocket: @escaping @Sendable (WebSocketErrorCode) -> Void)
        async throws
    {
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
        let pass = state.withLock { state -> Bool in
            switch state.phase {
            case .waiting: state.phase = .open(sink)
            case .finishing(nil, let ending): state.phase = .finishing(sink, ending)
            case .open, .finishing, .ended: break
            }
            state.writable = channel.isWritable
            return state.needsPass
        }
        if !channel.isActive {
            socketClosed()
        } else if pass {
            handler.writePass(scheduled: false)
        }
    }

    /// Queues an ack or an error; never dropped, but a client that lets too many of them
    /// pile up is disconnected (see the type's comment).
    package func send(_ frame: ByteBuffer) {
        var overflow = false
        enqueue { state in
            guard state.queue.appendControl(frame) else {
                // Let the queue go now: the close frame is all that is left to send.
                state.queue = OutboxQueue()
                state.phase = .finishing(state.sink, .notReading)
                overflow = true
                return
            }
        }
        if overflow { closeSocket.withLock { $0 }?(.policyViolation) }
    }

    /// The client stopped reading and was disconnected for it.
    var overflowed: Bool {
        state.withLock { state in
            switch state.phase {
            case .finishing(_, .notReading), .ended(.notReading): true
            default: false
            }
        }
    }

    /// Queues an update; returns false when an older update had to be dropped to make room,
    /// or when the outbox takes no more frames (its socket is closing).
    @discardableResult
    package func sendUpdate(_ frame: ByteBuffer) -> Bool {
        var kept = false
        enqueue { kept = $0.queue.appendUpdate(frame) }
        return kept
    }

    /// Queues a snapshot, dropping the updates and older snapshots it supersedes.
    func sendSnapshot(_ frame: ByteBuffer) {
        enqueue { $0.queue.appendSnapshot(frame) }
    }

    /// Ends the outbox (the workshop was deleted): what is queued is written, then the socket
    /// is closed. Frames sent after this are ignored.
    func finish() {
        end(.room)
    }

    /// Ends the outbox when its session ends and returns once what was queued is written (or
    /// the socket is gone, or the task is cancelled); the caller closes the socket.
    package func finishAndWait() async {
        end(.session)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if case .ended = state.phase { return true }
                    if Task.isCancelled { return true }
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

    private func end(_ ending: Ending) {
        let sink = state.withLock { state -> Sink? in
            guard state.takesFrames else { return nil }
            state.phase = .finishing(state.sink, ending)
            return state.requestPass()
        }
        sink?.schedule()
    }

    private func enqueue(_ change: (inout State) -> Void) {
        let sink = state.withLock { state -> Sink? in
            guard state.takesFrames else { return nil }
            change(&state)
            return state.requestPass()
        }
        sink?.schedule()
    }

    // MARK: On the socket's event loop (OutboxHandler)

    /// Takes the queued frames for writing (swapping in `spare`, so no array is allocated),
    /// if the socket takes them. Returns how the outbox ended, if it ended with this pass.
    /// `scheduled`: this is the pass `requestPass()` queued.
    func takeFrames(into spare: inout [OutboxQueue.Frame], scheduled: Bool) -> Ending? {
        let (ending, waiters) = state.withLock { state -> (Ending?, [CheckedContinuation<Void, Never>]) in
            if scheduled { state.scheduled = false }
            guard state.sink != nil else { return (nil, []) }
            if state.writable { state.queue.take(into: &spare) }
            guard case .finishing(_, let ending) = state.phase, state.queue.isEmpty else { return (nil, []) }
            state.phase = .ended(ending)
            return (ending, state.takeWaiters())
        }
        for waiter in waiters { waiter.resume() }
        return ending
    }

    /// The socket's writability changed; returns whether a pass has something to write.
    func writabilityChanged(_ writable: Bool) -> Bool {
        state.withLock { state in
            state.writable = writable
            return state.needsPass
        }
    }

    /// The socket closed, or a close frame went out: nothing more is written.
    func socketClosed() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.queue = OutboxQueue()
            if case .ended = state.phase { return [] }
            let notReading = if case .finishing(_, .notReading) = state.phase { true } else { false }
            state.phase = .ended(notReading ? .notReading : nil)
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// After the last pass of an outbox the room finished.
    func closeSocketAfterRoomFinished() {
        closeSocket.withLock { $0 }?(.goingAway)
    }
}
