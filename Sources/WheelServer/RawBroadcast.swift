import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// The WebSocket router's request context: the basic one plus the connection's channel, which
/// the raw benchmark endpoint writes to directly.
struct WheelSocketContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<WheelSocketContext>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}

/// `/ws/raw`: the transport's own limit, measured with no workshop logic and no storage.
/// Off by default (`--raw-endpoint`). It speaks the protocol of the common WebSocket
/// broadcast benchmarks, so public tools can drive it too:
///
/// - `{"type":"echo","payload":P}` comes back unchanged to its sender;
/// - `{"type":"broadcast","payload":P}` goes to every connection (the sender included) as
///   `{"type":"broadcast","payload":P}`, then the sender gets
///   `{"type":"broadcastResult","payload":P,"listenerCount":N}`.
///
/// The fan-out path: the broadcast is framed once (header and payload in one buffer; server
/// frames are unmasked, so the bytes are the same for every socket) and that one buffer is
/// written to every connection. Connections are grouped by event loop; a broadcast costs one
/// hop per loop, not one per socket, and whatever arrives while a loop is busy goes out in the
/// same pass, with one flush per socket.
struct RawBroadcast: Sendable {
    let hub: RawHub
    let metrics: ServerMetrics
    /// Larger messages close the socket (1009); the benchmarks send a few hundred bytes.
    static let maxMessageBytes = 64 * 1024

    init(metrics: ServerMetrics) {
        self.hub = RawHub(metrics: metrics)
        self.metrics = metrics
    }

    func addRoutes(to router: Router<WheelSocketContext>) {
        router.ws("/ws/raw") { inbound, _, context in
            await self.serve(inbound: inbound, channel: context.requestContext.channel, logger: context.logger)
        }
    }

    private func serve(inbound: WebSocketInboundStream, channel: any Channel, logger: Logger) async {
        guard let member = try? await hub.join(channel) else { return }
        metrics.connectionOpened()
        defer {
            metrics.connectionClosed()
            hub.leave(member)
        }
        var message = ByteBuffer()
        do {
            for try await frame in inbound {
                if frame.opcode != .continuation { message.clear() }
                var data = frame.data
                message.writeBuffer(&data)
                guard message.readableBytes <= Self.maxMessageBytes else { return }
                guard frame.fin else { continue }
                handle(message, from: member)
            }
        } catch {
            logger.debug("raw socket closed", metadata: ["error": "\(error)"])
        }
    }

    private func handle(_ message: ByteBuffer, from member: RawHub.Member) {
        metrics.recordRaw(received: 1)
        guard let fields = message.withUnsafeReadableBytes({ TopLevelJSON.fields(in: $0) }) else { return }
        let view = message.readableBytesView
        let base = view.startIndex
        let type = view[(base + fields.type.lowerBound)..<(base + fields.type.upperBound)]
        if type.elementsEqual("echo".utf8) {
            hub.send(RawHub.frame(view), to: member)
        } else if type.elementsEqual("broadcast".utf8) {
            let payload = fields.payload.map { view[(base + $0.lowerBound)..<(base + $0.upperBound)] }
            let listeners = hub.broadcast(RawHub.frame(#"{"type":"broadcast","payload":"#, payload, "}"))
            hub.send(
                RawHub.frame(#"{"type":"broadcastResult","payload":"#, payload, #","listenerCount":\#(listeners)}"#),
                to: member)
        }
        // Anything else is ignored, as the benchmark servers do.
    }
}

/// Every raw connection, grouped by event loop.
final class RawHub: Sendable {
    /// A joined connection: which loop's shard holds it, and its key there.
    struct Member: Sendable {
        let id: ObjectIdentifier
        let shard: Shard
    }

    private let metrics: ServerMetrics
    private let shards = Mutex<[ObjectIdentifier: Shard]>([:])

    init(metrics: ServerMetrics) { self.metrics = metrics }

    func join(_ channel: any Channel) async throws -> Member {
        let loop = channel.eventLoop
        let shard = shards.withLock { shards in
            if let shard = shards[ObjectIdentifier(loop)] { return shard }
            let shard = Shard(loop: loop, metrics: metrics)
            shards[ObjectIdentifier(loop)] = shard
            return shard
        }
        let member = try await loop.submit {
            // Frames are written below the frame encoder: they are already framed.
            let encoder = try channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
            return shard.add(channel, writer: encoder)
        }.get()
        return member
    }

    func leave(_ member: Member) {
        member.shard.remove(member.id)
    }

    /// Queues `frame` for every connection; returns how many there are.
    func broadcast(_ frame: ByteBuffer) -> Int {
        let shards = shards.withLock { Array($0.values) }
        var listeners = 0
        for shard in shards {
            listeners += shard.count
            shard.enqueue(frame, to: nil)
        }
        return listeners
    }

    /// Queues `frame` for one connection, after everything queued for it before.
    func send(_ frame: ByteBuffer, to member: Member) {
        member.shard.enqueue(frame, to: member.id)
    }

    /// One unmasked, final text frame: header and payload in one buffer.
    static func frame(_ parts: any Collection<UInt8>...) -> ByteBuffer {
        let length = parts.reduce(0) { $0 + $1.count }
        var buffer = ByteBufferAllocator().buffer(capacity: length + 10)
        buffer.writeInteger(UInt8(0x81))  // FIN + text
        if length < 126 {
            buffer.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(length))
        } else {
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(length))
        }
        for part in parts { buffer.writeBytes(part) }
        return buffer
    }

    static func frame(_ prefix: String, _ payload: ByteBufferView?, _ suffix: String) -> ByteBuffer {
        frame(prefix.utf8, payload ?? ByteBufferView(), suffix.utf8)
    }

    /// The connections of one event loop. `members` is only touched on that loop; the queue
    /// of outgoing frames is filled from any thread and drained on the loop.
    final class Shard: @unchecked Sendable {
        private struct Connection {
            let channel: any Channel
            let writer: ChannelHandlerContext
        }

        private struct Outgoing {
            let frame: ByteBuffer
            /// nil: every connection.
            let target: ObjectIdentifier?
        }

        private struct Queue {
            var items: [Outgoing] = []
            var scheduled = false
        }

        let loop: any EventLoop
        private let metrics: ServerMetrics
        private var members: [Connection] = []
        private var index: [ObjectIdentifier: Int] = [:]
        private let queue = Mutex(Queue())
        private let memberCount = Atomic<Int>(0)

        /// Connections in this shard (read from any thread).
        var count: Int { memberCount.load(ordering: .relaxed) }

        init(loop: any EventLoop, metrics: ServerMetrics) {
            self.loop = loop
            self.metrics = metrics
        }

        func add(_ channel: any Channel, writer: ChannelHandlerContext) -> Member {
            loop.preconditionInEventLoop()
            let id = ObjectIdentifier(channel)
            index[id] = members.count
            members.append(Connection(channel: channel, writer: writer))
            memberCount.store(members.count, ordering: .relaxed)
            return Member(id: id, shard: self)
        }

        func remove(_ id: ObjectIdentifier) {
            loop.execute {
                guard let position = self.index.removeValue(forKey: id) else { return }
                let last = self.members.count - 1
                if position != last {
                    self.members[position] = self.members[last]
                    self.index[ObjectIdentifier(self.members[position].channel)] = position
                }
                self.members.removeLast()
                self.memberCount.store(self.members.count, ordering: .relaxed)
            }
        }

        func enqueue(_ frame: ByteBuffer, to target: ObjectIdentifier?) {
            let schedule = queue.withLock { queue in
                queue.items.append(Outgoing(frame: frame, target: target))
                defer { queue.scheduled = true }
                return !queue.scheduled
            }
            if schedule { loop.execute { self.drain() } }
        }

        /// Writes everything queued, in order, then flushes each socket written to once.
        private func drain() {
            let items = queue.withLock { queue in
                queue.scheduled = false
                defer { queue.items = [] }
                return queue.items
            }
            var written = 0
            var dropped = 0
            var flushAll = false
            var touched: [Int] = []
            for item in items {
                if let target = item.target {
                    guard let position = index[target] else { continue }
                    if write(item.frame, to: members[position]) {
                        written += 1
                        touched.append(position)
                    } else {
                        dropped += 1
                    }
                } else {
                    flushAll = true
                    for connection in members {
                        if write(item.frame, to: connection) { written += 1 } else { dropped += 1 }
                    }
                }
            }
            if flushAll {
                for connection in members where connection.channel.isActive { connection.writer.flush() }
            } else {
                for position in touched { members[position].writer.flush() }
            }
            metrics.recordRaw(delivered: written)
            for _ in 0..<dropped { metrics.recordQueueDrop() }
        }

        /// A closed socket is skipped; a socket whose send buffer is full loses the frame.
        private func write(_ frame: ByteBuffer, to connection: Connection) -> Bool {
            guard connection.channel.isActive, connection.channel.isWritable else { return false }
            connection.writer.write(NIOAny(frame), promise: nil)
            return true
        }
    }
}

/// Finds the top-level `"type"` (a string) and `"payload"` (any JSON value) of an object
/// without building it: the raw endpoint only routes on the type and copies the payload.
enum TopLevelJSON {
    /// Byte ranges of the type string's contents and the payload value's text.
    struct Fields {
        var type: Range<Int>
        var payload: Range<Int>?
    }

    static func fields(in bytes: UnsafeRawBufferPointer) -> Fields? {
        var i = skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var type: Range<Int>?
        var payload: Range<Int>?
        while true {
            i = skipSpace(bytes, i)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { break }
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = skipString(bytes, i) else { return nil }
            let key = UnsafeRawBufferPointer(rebasing: bytes[(i + 1)..<(keyEnd - 1)])
            i = skipSpace(bytes, keyEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipSpace(bytes, i + 1)
            guard let valueEnd = skipValue(bytes, valueStart) else { return nil }
            if key.elementsEqual("type".utf8) {
                guard bytes[valueStart] == UInt8(ascii: "\"") else { return nil }
                type = (valueStart + 1)..<(valueEnd - 1)
            } else if key.elementsEqual("payload".utf8) {
                payload = valueStart..<valueEnd
            }
            i = skipSpace(bytes, valueEnd)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] != UInt8(ascii: "}") {
                return nil
            }
        }
        return type.map { Fields(type: $0, payload: payload) }
    }

    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i
    }

    /// The index after the closing quote of the string starting at `start`.
    private static func skipString(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// The index after the value starting at `start`.
    private static func skipValue(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return skipString(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard let end = skipString(bytes, i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                    return i == start ? nil : i
                default:
                    i += 1
                }
            }
            return nil
        }
    }
}
