import Foundation
import HummingbirdCore
import Logging
import NIOCore
import WheelCore

// Connection-level limits, below HTTP: how many connections one address may hold, and how
// long a new connection may take to send its first request head.
//
// Hummingbird's own idle timeout (`HTTP1Channel.Configuration.idleTimeout`) covers the time
// between requests on a keep-alive connection, but on the WebSocket-upgrade channel its
// handler is only installed once a first request head has been decoded: a connection that
// sends nothing, or dribbles half a head, would stay open forever. So the first handler of
// every connection's pipeline, before the HTTP decoder, is `ConnectionGuardHandler`: it sees
// the raw bytes, counts the connection against its address, and closes it when no complete
// request head has arrived within the head timeout. After that it only passes bytes on, so
// an upgraded WebSocket (kept alive by its own pings) is never cut by it. A later head on a
// keep-alive connection is bounded by the idle timeout: Hummingbird counts only decoded
// parts as activity, so one dribbled a byte at a time is cut when that runs out.
//
// Accept back-off at the open-file limit is NIO's: the `bind` that Hummingbird uses installs
// `AcceptBackoffHandler` on the listening socket (swift-nio 2.101, `ServerBootstrap.bind0`),
// which stops accepting for a moment on EMFILE/ENFILE instead of retrying at once. What kept
// the server at the limit before was that idle connections were never closed; the head
// timeout and the idle timeout free those descriptors. Tests/e2e/test_http_hardening.py
// proves both with a low `ulimit -n`.

/// Open connections per IP address, shared by every event loop.
final class ConnectionLimiter: @unchecked Sendable {
    /// 0: no limit.
    let maxPerAddress: Int
    private let logger: Logger
    private let lock = NSLock()
    // Guarded by `lock`.
    private var open: [String: Int] = [:]
    private var refused: [String: (count: Int, loggedAt: ContinuousClock.Instant)] = [:]

    /// Trusted reverse proxies carry many clients' connections: not capped here (the socket
    /// limits then count the client address the proxy forwards, ClientAddress).
    private let exempt: Set<String>

    init(maxPerAddress: Int, logger: Logger, exempt: Set<String> = []) {
        self.maxPerAddress = maxPerAddress
        self.logger = logger
        self.exempt = exempt
    }

    /// Counts a new connection from `address`; false (and not counted) when it is over the cap.
    func acquire(_ address: String) -> Bool {
        let (allowed, report) = lock.withLock { () -> (Bool, Int?) in
            let count = open[address, default: 0]
            if maxPerAddress > 0, count >= maxPerAddress, !exempt.contains(address) {
                // One log line per address every 10 s at most, with the count since the last one:
                // a flood of connections must not become a flood of log lines.
                let now = ContinuousClock.now
                var entry = refused[address] ?? (0, now - .seconds(3600))
                entry.count += 1
                var report: Int?
                if now - entry.loggedAt >= .seconds(10) {
                    report = entry.count
                    entry = (0, now)
                }
                refused[address] = entry
                return (false, report)
            }
            open[address] = count + 1
            return (true, nil)
        }
        if let report {
            logger.warning(
                "Connection limit per address reached: closed new connections",
                metadata: ["address": "\(address)", "limit": "\(maxPerAddress)", "closed": "\(report)"])
        }
        return allowed
    }

    func release(_ address: String) {
        lock.withLock {
            guard let count = open[address] else { return }
            if count <= 1 {
                open[address] = nil
                refused[address] = nil
            } else {
                open[address] = count - 1
            }
        }
    }

    /// Open connections from `address` (for tests and metrics).
    func count(_ address: String) -> Int { lock.withLock { open[address, default: 0] } }
}

/// The first handler of every connection (see the top of this file).
final class ConnectionGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let limiter: ConnectionLimiter
    private let headTimeout: TimeAmount?
    private let metrics: ServerMetrics
    private let closed: GuardClosure
    private let logger: Logger
    private let drain: Drain?

    private var started = false
    /// Whether the first request's first bytes came while the server drains: then it gets 503,
    /// whatever it asks (nil: nothing read yet).
    private var refusing: Bool?
    /// The 503 went out: whatever else arrives is dropped.
    private var refused = false
    private var context: ChannelHandlerContext?
    private var address: String?
    private var timer: Scheduled<Void>?
    private var scanner = RequestHeadScanner()

    init(
        limiter: ConnectionLimiter, headTimeout: TimeAmount?, metrics: ServerMetrics, closed: GuardClosure,
        logger: Logger, drain: Drain? = nil
    ) {
        self.drain = drain
        self.limiter = limiter
        self.headTimeout = headTimeout
        self.metrics = metrics
        self.closed = closed
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context) }
    }

    /// The first request head could not be parsed (`MalformedHeadCloser`): answer 400 in raw
    /// bytes, from the front of the pipeline (no HTTP encoder is involved), and close.
    private static let badRequest =
        "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n"
        + SecurityHeaders.fields.map { "\($0.name.rawName): \($0.value)\r\n" }.joined() + "\r\n"

    /// While draining, a new connection's first request, a socket upgrade included, gets 503
    /// with `Retry-After` in raw bytes: a proxy then sends it to another instance (nginx:
    /// `proxy_next_upstream ... http_503`), where the WebSocket library would answer a refused
    /// upgrade with 400, which no proxy retries. The health check's body says `draining`.
    private static let draining: String = {
        let body = #"{"status":"draining","store":"ok","version":"\#(WheelhouseVersion.current)","error":{"code":"draining","message":"This instance is stopping; try again."}}"#
        return "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + SecurityHeaders.fields.map { "\($0.name.rawName): \($0.value)\r\n" }.joined() + "\r\n" + body
    }()

    func refuseMalformedHead() {
        guard let context, context.channel.isActive else { return }
        timer?.cancel()
        timer = nil
        closed.set()
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: Self.badRequest))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let address = ClientAddress.plain(context.channel.remoteAddress?.ipAddress ?? "unknown")
        guard limiter.acquire(address) else {
            metrics.recordConnectionClosed(reason: .perAddressLimit)
            closed.set()
            context.close(promise: nil)
            return
        }
        self.address = address
        if let headTimeout, !scanner.complete {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: headTimeout) { [self] in
                timer = nil
                guard !scanner.complete else { return }
                logger.debug("No complete request head in time: closing", metadata: ["address": "\(address)"])
                metrics.recordConnectionClosed(reason: .headerTimeout)
                closed.set()
                context.close(promise: nil)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        if refusing == nil { refusing = drain?.isDraining ?? false }
        if refusing == true {
            // Read the request head (so closing does not reset the connection under the
            // answer), answer once, close.
            guard scanner.feed(unwrapInboundIn(data).readableBytesView) else { return }
            refused = true
            timer?.cancel()
            timer = nil
            closed.set()
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: Self.draining))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
            return
        }
        if !scanner.complete {
            let buffer = unwrapInboundIn(data)
            if scanner.feed(buffer.readableBytesView) {
                timer?.cancel()
                timer = nil
            }
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
    }

    private func finish() {
        context = nil
        timer?.cancel()
        timer = nil
        if let address {
            limiter.release(address)
            self.address = nil
        }
    }
}

@available(*, unavailable)
extension ConnectionGuardHandler: Sendable {}
