import Foundation
import HummingbirdCore
import Logging
import NIOCore

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

    init(maxPerAddress: Int, logger: Logger) {
        self.maxPerAddress = maxPerAddress
        self.logger = logger
    }

    /// Counts a new connection from `address`; false (and not counted) when it is over the cap.
    func acquire(_ address: String) -> Bool {
        let (allowed, report) = lock.withLock { () -> (Bool, Int?) in
            let count = open[address, default: 0]
            if maxPerAddress > 0, count >= maxPerAddress {
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

    private var started = false
    private var context: ChannelHandlerContext?
    private var address: String?
    private var timer: Scheduled<Void>?
    private var scanner = RequestHeadScanner()

    init(
        limiter: ConnectionLimiter, headTimeout: TimeAmount?, metrics: ServerMetrics, closed: GuardClosure,
        logger: Logger
    ) {
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
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
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

/// Closes a connection whose first request head does not parse.
///
/// On the WebSocket-upgrade channel the upgrade handler reads the first head, and Hummingbird
/// turns NIO's HTTP error handling off: a parse error there (a control character in the
/// request line, a header line without a colon, a head over 80 KB) reaches the end of the
/// pipeline and is dropped, and the connection stays open, unanswered, for ever. This handler
/// sits behind the upgrade handler until the first head has passed (a plain request: then
/// Hummingbird's own handlers answer parse errors) or the upgrade is done, and removes itself.
final class MalformedHeadCloser: ChannelInboundHandler, RemovableChannelHandler {
    // Never unwrapped: everything is passed on as it comes.
    typealias InboundIn = Never
    typealias InboundOut = Never

    private let guardHandler: ConnectionGuardHandler

    init(guardHandler: ConnectionGuardHandler) {
        self.guardHandler = guardHandler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        // The upgrade handler announces a finished upgrade with a user event.
        if !(event is ChannelEvent) {
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guardHandler.refuseMalformedHead()
        context.fireErrorCaught(error)
    }
}

@available(*, unavailable)
extension MalformedHeadCloser: Sendable {}

/// Finds the end of the first request head in a byte stream: an empty line after a request
/// line. Lines may end in CRLF or a bare LF; empty lines before the request line (which
/// HTTP/1.1 lets a server ignore) do not count, so "\r\n\r\n" alone does not stop the clock.
struct RequestHeadScanner {
    private(set) var complete = false
    private var sawContent = false
    /// 0: inside a line; 1: just after LF; 2: just after LF CR.
    private var state = 0

    /// Feeds bytes; true once the head is complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> Bool {
        guard !complete else { return true }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if state != 0, sawContent {
                    complete = true
                    return true
                }
                state = 1
            case UInt8(ascii: "\r"):
                state = state == 1 ? 2 : 0
            default:
                state = 0
                sawContent = true
            }
        }
        return false
    }
}

/// Wraps a server child channel (here the HTTP/1 + WebSocket upgrade channel) so that
/// `ConnectionGuardHandler` is the first handler of every connection.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let inner: Inner.Value
        let closed: GuardClosure
        var channel: any Channel { inner.channel }
    }

    let inner: Inner
    let limiter: ConnectionLimiter
    let headTimeout: TimeAmount?
    let metrics: ServerMetrics

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let closed = GuardClosure()
        let guardHandler = ConnectionGuardHandler(
            limiter: limiter, headTimeout: headTimeout, metrics: metrics, closed: closed, logger: logger)
        do {
            try channel.pipeline.syncOperations.addHandler(guardHandler, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            // Last for now, right behind the upgrade handler; the HTTP or WebSocket handlers that
            // replace it are added after this one, which is gone by then.
            try channel.pipeline.syncOperations.addHandler(MalformedHeadCloser(guardHandler: guardHandler))
            return Value(inner: value, closed: closed)
        }.nonisolated()
    }

    func handle(value: Value, logger: Logger) async {
        // A connection this guard closed before its first request makes the upgrade channel
        // log "Error handling upgrade result" at error level; that is expected here, and
        // anyone could fill the log with it, so it goes out at debug level instead.
        var logger = logger
        logger.handler = QuietAfterGuardClose(inner: logger.handler, closed: value.closed)
        await inner.handle(value: value.inner, logger: logger)
    }
}

/// Set once `ConnectionGuardHandler` has closed its connection.
final class GuardClosure: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false  // guarded by `lock`

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Passes log messages on, at debug level once the guard has closed the connection.
struct QuietAfterGuardClose: LogHandler {
    var inner: any LogHandler
    let closed: GuardClosure

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if closed.isSet, event.level > .debug {
            guard inner.logLevel <= .debug else { return }
            event.level = .debug
        }
        inner.log(event: event)
    }
}

/// How many connections the server holds at once: what the open-file limit leaves after a
/// reserve for the store, static files and the runtime.
///
/// NIO's `AcceptBackoffHandler` does not stop a spin at the limit by itself: when the first
/// `accept` of a wake-up fails with EMFILE no read completes, the listening socket stays
/// registered, and epoll reports it again at once (measured before this change: 52,000 failed
/// `accept4` calls in 3 s, one core at 100 %). Hummingbird's `availableConnectionsDelegate`
/// withholds the listening socket's reads while this budget is used up, so the socket is
/// deregistered and new connections wait in the kernel's backlog until one closes.
struct ConnectionBudget: AvailableConnectionsDelegate {
    let maxConnections: Int
    let logger: Logger
    private var open = 0
    private var lastWarning: ContinuousClock.Instant?

    init(maxConnections: Int, logger: Logger) {
        self.maxConnections = maxConnections
        self.logger = logger
    }

    /// The budget for an open-file limit: a tenth of it, at least 64, is kept for everything else.
    static func connections(forOpenFileLimit limit: Int) -> Int {
        max(8, limit - max(64, limit / 10))
    }

    mutating func connectionOpened() {
        open += 1
        if open >= maxConnections {
            let now = ContinuousClock.now
            if lastWarning.map({ now - $0 >= .seconds(10) }) ?? true {
                lastWarning = now
                logger.warning(
                    "At the connection limit the open-file limit allows: new connections wait until one closes",
                    metadata: ["connections": "\(open)", "limit": "\(maxConnections)"])
            }
        }
    }

    mutating func connectionClosed() { open -= 1 }

    func isAcceptingNewConnections() -> Bool { open < maxConnections }
}

/// The process's open-file limit (RLIMIT_NOFILE).
enum OpenFileLimit {
    /// Raises the soft limit to the hard one (Debian's default soft limit, 1,024, is about as
    /// many phones) and returns the soft limit now in force.
    static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            // An "unlimited" hard limit is not a number of descriptors: stop at 2^20.
            raised.rlim_cur = min(limit.rlim_max, 1 << 20)
            if raised.rlim_cur > limit.rlim_cur, setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    #if os(Linux)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif
}
