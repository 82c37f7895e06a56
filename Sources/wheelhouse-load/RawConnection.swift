import HummingbirdWSClient
import NIOCore
import Synchronization

/// What every raw socket adds to.
final class RawStats: Sendable {
    let echoLatency = Latencies()
    let deliveryLatency = Latencies()
    let roundTrip = Latencies()
    let echoes = Atomic<Int>(0)
    let sent = Atomic<Int>(0)
    let deliveries = Atomic<Int>(0)
    let results = Atomic<Int>(0)
    let listeners = Atomic<Int>(0)
    /// Broadcast frames that should arrive: per broadcast, the sockets connected when it went.
    let expectedDeliveries = Atomic<Int>(0)
    let stepBroadcasts = Atomic<Int>(0)
    let connectFailures = Counts()
}

/// One socket on `/ws/raw`. Payloads carry the send time (`t`, monotonic nanoseconds of this
/// process), so every receiver can time a frame without a lookup.
final class RawConnection: LoadSocket {
    let number: Int
    let stats: RawStats
    let connected = Promise<Bool>()
    let finished = Promise<Bool>()
    private let state = Mutex<(outbound: WebSocketOutboundWriter?, waiter: Promise<Bool>?, next: Int)>((nil, nil, 0))

    init(number: Int, stats: RawStats) {
        self.number = number
        self.stats = stats
    }

    func run(baseURL: String, gate: Gate) async {
        await gate.enter()
        await Socket.connect("\(baseURL)/ws/raw", failures: stats.connectFailures) { inbound, outbound in
            self.state.withLock { $0.outbound = outbound }
            self.connected.fulfill(true)
            await gate.leave()
            try await inbound.forEachMessage { message in
                message.withUnsafeReadableBytes { self.receive($0) }
            }
        }
        if !connected.isFulfilled { await gate.leave() }
        connected.fulfill(nil)
        let waiter = state.withLock { s in
            defer {
                s.outbound = nil
                s.waiter = nil
            }
            return s.waiter
        }
        waiter?.fulfill(false)
        finished.fulfill(true)
    }

    private static let echoPrefix = Array(#"{"type":"echo""#.utf8)
    private static let broadcastPrefix = Array(#"{"type":"broadcast","#.utf8)
    private static let resultPrefix = Array(#"{"type":"broadcastResult""#.utf8)

    private func receive(_ bytes: UnsafeRawBufferPointer) {
        let now = nowNanos()
        guard let sent = scanInteger(after: "\"t\":", in: bytes) else { return }
        if bytes.starts(with: Self.echoPrefix) {
            stats.echoLatency.record(nanos: now &- sent)
            stats.echoes.add(1, ordering: .relaxed)
            let waiter = state.withLock { s in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.fulfill(true)
        } else if bytes.starts(with: Self.broadcastPrefix) {
            stats.deliveryLatency.record(nanos: now &- sent)
            stats.deliveries.add(1, ordering: .relaxed)
        } else if bytes.starts(with: Self.resultPrefix) {
            stats.roundTrip.record(nanos: now &- sent)
            stats.results.add(1, ordering: .relaxed)
            if let count = scanInteger(after: "\"listenerCount\":", in: bytes) {
                stats.listeners.store(Int(count), ordering: .relaxed)
            }
        }
    }

    /// Sends `{"type":<type>,"payload":{"c":..,"k":..,"t":..}}`; with `awaitReply`, returns a
    /// promise of the echo.
    func send(_ type: String, awaitReply: Bool) async -> (sent: Bool, reply: Promise<Bool>?) {
        let prepared = state.withLock { s -> (WebSocketOutboundWriter, Int, Promise<Bool>?)? in
            guard let outbound = s.outbound else { return nil }
            s.next += 1
            let waiter = awaitReply ? Promise<Bool>() : nil
            s.waiter = waiter
            return (outbound, s.next, waiter)
        }
        guard let (outbound, k, waiter) = prepared else { return (false, nil) }
        let text = #"{"type":"\#(type)","payload":{"c":\#(number),"k":\#(k),"t":\#(nowNanos())}}"#
        stats.sent.add(1, ordering: .relaxed)
        do {
            try await outbound.write(.text(text))
        } catch {
            return (false, nil)
        }
        return (true, waiter)
    }

    func close() async {
        guard let outbound = state.withLock({ $0.outbound }) else { return }
        try? await outbound.close(.normalClosure, reason: nil)
    }
}
