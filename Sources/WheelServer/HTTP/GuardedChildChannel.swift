import Foundation
import HummingbirdCore
import Logging
import NIOCore

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
    /// New connections while draining are answered 503 (ConnectionGuardHandler).
    var drain: Drain? = nil

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let closed = GuardClosure()
        let guardHandler = ConnectionGuardHandler(
            limiter: limiter, headTimeout: headTimeout, metrics: metrics, closed: closed, logger: logger, drain: drain)
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
