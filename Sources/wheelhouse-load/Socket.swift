import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket

/// What both kinds of simulated socket (`Connection`, `RawConnection`) share: how they
/// connect, how they read whole messages, and how a run closes them all.
protocol LoadSocket: Sendable {
    /// Fulfilled when the socket's task has ended.
    var finished: Promise<Bool> { get }
    /// Starts the closing handshake; the socket's task ends when the server has closed.
    func close() async
}

enum Socket {
    static let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24, closeTimeout: .seconds(5))
    static let logger: Logger = {
        var logger = Logger(label: "wheelhouse-load")
        logger.logLevel = .critical
        return logger
    }()

    /// Connects to `url` and runs `handler` until the socket closes. A connect that fails, or
    /// a socket that breaks, is counted in `failures` by the error's type and first words;
    /// returns whether that happened.
    @discardableResult
    static func connect(
        _ url: String, failures: Counts,
        _ handler: @escaping @Sendable (WebSocketInboundStream, WebSocketOutboundWriter) async throws -> Void
    ) async -> Bool {
        do {
            try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                try await handler(inbound, outbound)
            }
            return false
        } catch {
            failures.add(String(describing: type(of: error)) + ": " + String(describing: error).prefix(80))
            return true
        }
    }

    /// Closes every socket at once, then waits (up to 10 s each) for their tasks to end.
    static func closeAll(_ sockets: [some LoadSocket]) async {
        await withTaskGroup(of: Void.self) { closing in
            for socket in sockets { closing.addTask { await socket.close() } }
        }
        for socket in sockets { _ = await socket.finished.wait(timeout: .seconds(10)) }
    }
}

extension WebSocketInboundStream {
    /// Each whole message (continuation frames joined into one buffer), until the socket closes.
    func forEachMessage(_ body: (ByteBuffer) async throws -> Void) async throws {
        var message = ByteBuffer()
        for try await frame in self {
            if frame.opcode != .continuation { message.clear() }
            var data = frame.data
            message.writeBuffer(&data)
            guard frame.fin else { continue }
            try await body(message)
        }
    }
}

/// How the load phase's messages are timed, the same for votes and raw messages.
enum Schedule {
    /// Open loop: sender `i` of `n` first sends `i/n` of an interval after `start`, then once
    /// an interval, on schedule whether or not anything came back, until `end` or until
    /// `send` says its socket is gone (false). `send` gets the moment the message was due.
    static func steady<Sender: Sendable>(
        _ senders: [Sender], start: UInt64, end: UInt64, interval: UInt64,
        _ send: @escaping @Sendable (Sender, UInt64) async -> Bool
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for (index, sender) in senders.enumerated() {
                group.addTask {
                    var due = start + UInt64(index) * interval / UInt64(max(senders.count, 1))
                    while due < end {
                        await sleep(untilNanos: due)
                        guard await send(sender, due) else { break }
                        due += interval
                    }
                }
            }
        }
    }

    /// Closed loop: each sender sends again as soon as its previous message is answered, but
    /// at most once per `gap`, until `end` or until `send` gives no reply to wait for (its
    /// socket is gone). The senders start staggered by 1 ms (in groups of 1,000).
    static func backToBack<Sender: Sendable>(
        _ senders: [Sender], start: UInt64, end: UInt64, gap: UInt64,
        _ send: @escaping @Sendable (Sender, UInt64) async -> Promise<Bool>?
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for (index, sender) in senders.enumerated() {
                group.addTask {
                    var due = start + UInt64(index % 1000) * 1_000_000
                    while due < end {
                        await sleep(untilNanos: due)
                        guard let reply = await send(sender, due) else { break }
                        _ = await reply.wait()
                        due = max(due + gap, nowNanos())
                    }
                }
            }
        }
    }
}
