import Hummingbird
import Logging
import NIOWebSocket
import Synchronization
import WheelProtocol

/// Leaving gracefully (SIGTERM), so that an instance behind a proxy can stop without ending a
/// workshop: from the first moment every new request and upgrade gets 503 (a proxy passes it
/// to another instance) and `/healthz` says `draining`; the open sockets are told to reconnect
/// (close 1012, "service restart"), spread over `spread` so the other instances are not hit by
/// every phone in the same millisecond; then the rooms finish the commits they have started
/// (up to 2 s), so what was sent is stored or not, never half. An ack that was on its way
/// when its socket closed is lost with the socket; the phone resends the change with the
/// same opId to another instance, which answers with the same ack and counts it once.
package final class Drain: Sendable {
    /// Close code 1012 (RFC 6455 registry): the service restarts, try again.
    static let closeCode = WebSocketErrorCode(codeNumber: 1012)

    private struct State {
        var draining = false
        var sockets: [Int: ServerClose] = [:]
        var next = 0
    }

    private let state = Mutex(State())
    /// Run after the sockets are closed, before shutdown: the rooms' commits in flight.
    private let finishing = Mutex<[@Sendable () async -> Void]>([])

    package init() {}

    /// Adds work the drain waits for once every socket is told to go.
    func whenClosed(_ work: @escaping @Sendable () async -> Void) {
        finishing.withLock { $0.append(work) }
    }

    package var isDraining: Bool { state.withLock { $0.draining } }

    /// Registers an open socket; returns its handle for `forget`, or nil when draining (the
    /// caller closes it at once).
    func register(_ socket: ServerClose) -> Int? {
        state.withLock { state in
            guard !state.draining else { return nil }
            state.next += 1
            state.sockets[state.next] = socket
            return state.next
        }
    }

    func forget(_ handle: Int) {
        _ = state.withLock { $0.sockets.removeValue(forKey: handle) }
    }

    /// Marks the server draining and closes every socket, spread evenly over `spread`.
    /// Returns when the last close is sent.
    package func drain(spread: Duration, logger: Logger) async {
        let sockets = state.withLock { state -> [ServerClose] in
            state.draining = true
            return Array(state.sockets.values)
        }
        logger.notice("draining: asking \(sockets.count) sockets to reconnect elsewhere")
        if !sockets.isEmpty {
            let pause = spread / sockets.count
            for (index, socket) in sockets.enumerated() {
                socket.close(Self.closeCode, reason: "draining")
                if index < sockets.count - 1 { try? await Task.sleep(for: pause) }
            }
        }
        for work in finishing.withLock({ $0 }) { await work() }
    }
}

/// While draining, everything but `/healthz` is answered 503 with `Retry-After`, so a proxy
/// tries the next instance (nginx: `proxy_next_upstream ... http_503`).
struct DrainMiddleware<Context: RequestContext>: RouterMiddleware {
    let drain: Drain

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard drain.isDraining, request.uri.path != "/healthz" else { return try await next(request, context) }
        let body = #"{"error":{"code":"\#(ErrorCode.draining.rawValue)","message":"This instance is stopping; try again."}}"#
        return Response(
            status: .serviceUnavailable, headers: [.retryAfter: "1", .contentType: "application/json"],
            body: .init(byteBuffer: .init(string: body)))
    }
}
