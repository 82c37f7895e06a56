import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing

@testable import WheelServer

/// The outbound queue, on a real NIO pipeline (an embedded channel with the WebSocket frame
/// encoder): what waits for a socket that does not take bytes is bounded.
/// The close codes an outbox asked for.
private final class Closes: Sendable {
    private let codes = Mutex<[WebSocketErrorCode]>([])
    func append(_ code: WebSocketErrorCode) { codes.withLock { $0.append(code) } }
    func withLock<T>(_ body: ([WebSocketErrorCode]) -> T) -> T { codes.withLock { body($0) } }
}

@Suite("Outbox")
struct OutboxTests {
    private func attached() async throws -> (EmbeddedChannel, Outbox, Closes) {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        let closes = Closes()
        let outbox = Outbox()
        // The embedded loop is the test's own thread: attach on it directly.
        try outbox.attachOnLoop(to: channel) { code in closes.append(code) }
        return (channel, outbox, closes)
    }

    private func written(_ channel: EmbeddedChannel) throws -> Int {
        var count = 0
        while try channel.readOutbound(as: ByteBuffer.self) != nil { count += 1 }
        return count
    }

    @Test("A socket that takes bytes gets every ack")
    func writableSocketGetsEverything() async throws {
        let (channel, outbox, closes) = try await attached()
        for n in 0..<1000 {
            outbox.send(ByteBuffer(string: #"{"type":"ack","opId":"\#(n)"}"#))
            // The socket's event loop gets its turn now and then, as it does in a server.
            if n % 100 == 99 { channel.embeddedEventLoop.run() }
        }
        // The encoder writes a header and a payload per frame.
        #expect(try written(channel) >= 1000)
        #expect(closes.withLock { $0 }.isEmpty)
        #expect(!outbox.overflowed)
    }

    @Test("Acks and errors piling up for a socket that does not read close it with 1008")
    func nonReadingSocketIsClosed() async throws {
        let (channel, outbox, closes) = try await attached()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        for n in 0..<Outbox.controlCapacity { outbox.send(ByteBuffer(string: #"{"type":"error","n":\#(n)}"#)) }
        channel.embeddedEventLoop.run()
        #expect(closes.withLock { $0 }.isEmpty, "at the limit, not over it")
        outbox.send(ByteBuffer(string: #"{"type":"error"}"#))
        channel.embeddedEventLoop.run()
        #expect(closes.withLock { $0 } == [.policyViolation])
        #expect(outbox.overflowed)
        // Nothing more is queued, and nothing queued is written when the socket wakes up.
        for _ in 0..<10_000 { outbox.send(ByteBuffer(string: "x")) }
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.run()
        #expect(try written(channel) == 0)
    }

    @Test("Large errors count by bytes too")
    func bytesAreBounded() async throws {
        let (channel, outbox, closes) = try await attached()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        let big = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
        for _ in 0..<5 { outbox.send(big) }
        channel.embeddedEventLoop.run()
        #expect(closes.withLock { $0 } == [.policyViolation])
    }

    @Test("Updates never close a socket: the oldest are dropped; a snapshot replaces them")
    func updatesAreDroppedNotFatal() async throws {
        let (channel, outbox, closes) = try await attached()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        var dropped = 0
        for n in 0..<1000 where !outbox.sendUpdate(ByteBuffer(string: #"{"seq":\#(n)}"#)) { dropped += 1 }
        #expect(dropped == 1000 - Outbox.updateCapacity)
        outbox.sendSnapshot(ByteBuffer(string: "snapshot 1"))
        outbox.sendSnapshot(ByteBuffer(string: "snapshot 2"))
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.run()
        var payloads: [String] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            payloads.append(String(buffer: buffer))
        }
        #expect(payloads.contains { $0.contains("snapshot 2") })
        #expect(!payloads.contains { $0.contains("snapshot 1") || $0.contains("seq") })
        #expect(closes.withLock { $0 }.isEmpty)
    }
}
