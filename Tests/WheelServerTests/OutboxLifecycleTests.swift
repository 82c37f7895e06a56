import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing

@testable import WheelServer

/// Counts the flushes that reach the head of the pipeline (one per write pass).
private final class FlushCounter: ChannelOutboundHandler, @unchecked Sendable {
    typealias OutboundIn = NIOAny
    private(set) var flushes = 0

    func flush(context: ChannelHandlerContext) {
        flushes += 1
        context.flush()
    }
}

private final class CloseCodes: Sendable {
    private let codes = Mutex<[WebSocketErrorCode]>([])
    func append(_ code: WebSocketErrorCode) { codes.withLock { $0.append(code) } }
    var all: [WebSocketErrorCode] { codes.withLock { $0 } }
}

/// The outbox's life on a real pipeline: passes, writability, close and finish.
@Suite("Outbox lifecycle")
struct OutboxLifecycleTests {
    private struct Socket {
        let channel: EmbeddedChannel
        let outbox: Outbox
        let flushes: FlushCounter
        let closes: CloseCodes

        /// The payloads written so far, in order (the encoder writes a header before each).
        func payloads() throws -> [String] {
            var texts: [String] = []
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
                let text = String(buffer: buffer)
                if text.hasPrefix("{") { texts.append(text) }
            }
            return texts
        }

        func setWritable(_ writable: Bool) {
            channel.isWritable = writable
            channel.pipeline.fireChannelWritabilityChanged()
        }
    }

    private func socket(attach: Bool = true) async throws -> Socket {
        let channel = EmbeddedChannel()
        let flushes = FlushCounter()
        try channel.pipeline.syncOperations.addHandler(flushes)
        try channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        let socket = Socket(channel: channel, outbox: Outbox(), flushes: flushes, closes: CloseCodes())
        if attach { try attachNow(socket) }
        return socket
    }

    private func attachNow(_ socket: Socket) throws {
        let closes = socket.closes
        try socket.outbox.attachOnLoop(to: socket.channel) { closes.append($0) }
    }

    private func frame(_ n: Int) -> ByteBuffer { ByteBuffer(string: #"{"n":\#(n)}"#) }

    @Test("Whatever is queued between passes goes out in one pass with one flush, in order")
    func onePassOneFlush() async throws {
        let s = try await socket()
        for n in 0..<50 { s.outbox.send(frame(n)) }
        s.outbox.sendUpdate(frame(50))
        #expect(s.flushes.flushes == 0, "nothing before the loop's turn")
        s.channel.embeddedEventLoop.run()
        #expect(s.flushes.flushes == 1)
        #expect(try s.payloads() == (0...50).map { #"{"n":\#($0)}"# })
    }

    @Test("Nothing is written while the socket is unwritable; all of it once it is again")
    func waitsWhileUnwritable() async throws {
        let s = try await socket()
        s.setWritable(false)
        for n in 0..<10 { s.outbox.send(frame(n)) }
        s.channel.embeddedEventLoop.run()
        #expect(try s.payloads().isEmpty)
        #expect(s.flushes.flushes == 0)
        s.setWritable(true)
        #expect(try s.payloads().count == 10)
    }

    @Test("Frames sent before the outbox is attached wait for it")
    func queuedBeforeAttach() async throws {
        let s = try await socket(attach: false)
        s.outbox.sendSnapshot(frame(1))
        s.outbox.send(frame(2))
        try attachNow(s)
        s.channel.embeddedEventLoop.run()
        #expect(try s.payloads() == [#"{"n":1}"#, #"{"n":2}"#])
    }

    @Test("At most updateCapacity updates wait; the newest are kept; acks are never dropped")
    func updateBound() async throws {
        let s = try await socket()
        s.setWritable(false)
        var dropped = 0
        for n in 0..<(Outbox.updateCapacity + 10) where !s.outbox.sendUpdate(frame(n)) { dropped += 1 }
        s.outbox.send(ByteBuffer(string: #"{"ack":1}"#))
        #expect(dropped == 10)
        s.setWritable(true)
        let written = try s.payloads()
        #expect(written.count == Outbox.updateCapacity + 1)
        #expect(written.first == #"{"n":10}"#)
        #expect(written.last == #"{"ack":1}"#)
    }

    @Test("A snapshot replaces the updates and snapshots queued before it, not the acks")
    func snapshotRule() async throws {
        let s = try await socket()
        s.setWritable(false)
        s.outbox.sendUpdate(frame(1))
        s.outbox.send(ByteBuffer(string: #"{"ack":1}"#))
        s.outbox.sendSnapshot(frame(2))
        s.outbox.sendUpdate(frame(3))
        s.outbox.sendSnapshot(frame(4))
        s.setWritable(true)
        #expect(try s.payloads() == [#"{"ack":1}"#, #"{"n":4}"#])
    }

    @Test("Nothing is written after a close frame")
    func nothingAfterClose() async throws {
        let s = try await socket()
        s.outbox.send(frame(1))
        s.channel.embeddedEventLoop.run()
        try await s.channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: ByteBuffer())).get()
        s.outbox.send(frame(2))
        s.outbox.sendUpdate(frame(3))
        s.channel.embeddedEventLoop.run()
        #expect(try s.payloads() == [#"{"n":1}"#])
    }

    @Test("finish() writes what is queued, then closes the socket with 1001; later frames are ignored")
    func finishByRoom() async throws {
        let s = try await socket()
        s.setWritable(false)
        s.outbox.send(frame(1))
        s.outbox.finish()
        s.outbox.send(frame(2))
        s.channel.embeddedEventLoop.run()
        #expect(s.closes.all.isEmpty, "not before the queue is written")
        s.setWritable(true)
        #expect(try s.payloads() == [#"{"n":1}"#])
        #expect(s.closes.all == [.goingAway])
    }

    @Test("finishAndWait() returns once the queue is written, and closes nothing itself")
    func finishBySession() async throws {
        let s = try await socket()
        s.outbox.send(frame(1))
        let outbox = s.outbox
        let done = Mutex(false)
        let waiting = Task {
            await outbox.finishAndWait()
            done.withLock { $0 = true }
        }
        // The embedded loop runs on this thread: turn it until the session's wait returns.
        for _ in 0..<10_000 where !done.withLock({ $0 }) {
            s.channel.embeddedEventLoop.run()
            await Task.yield()
        }
        await waiting.value
        #expect(try s.payloads() == [#"{"n":1}"#])
        #expect(s.closes.all.isEmpty)
    }
}
