import Foundation
import HummingbirdWSClient
import NIOCore
import Synchronization

/// What the raw endpoint is asked to do.
enum RawMode: String, Codable, Sendable, CaseIterable {
    /// Every connection sends an echo and waits for it, back to back (capped per socket as
    /// the app's phones are): the transport's request/reply limit, to set against votes.
    case echo
    /// A few connections broadcast; every connection receives each broadcast.
    case broadcast
}

struct RawPlan: Sendable {
    var baseURL: String
    var connections: Int
    var mode: RawMode
    /// Echo: the cap per socket (messages a second). Broadcast: broadcasts a second in all.
    var rate: Double
    var senders: Int
    var duration: Double
    var connectConcurrency: Int
    var serverPID: Int32?
    var label: String
    var joinTimeout: Double
    var drainTimeout: Double
}

struct RawSummary: Codable, Sendable {
    var scenario: String
    var mode: RawMode
    var connections: Int
    var connected: Int
    var connectFailures: [String: Int]
    var seconds: Double
    /// Echo: round trips completed. Broadcast: broadcasts sent, and frames delivered.
    var echoes: Int?
    var echoesPerSecond: Double?
    var broadcasts: Int?
    var broadcastsPerSecond: Double?
    var deliveries: Int?
    var deliveriesPerSecond: Double?
    /// Broadcast frames that never arrived (expected = broadcasts x listeners).
    var missingDeliveries: Int?
    var listenerCount: Int?
    var echoLatencyMs: LatencySummary?
    var deliveryLatencyMs: LatencySummary?
    var broadcastRoundTripMs: LatencySummary?
    var serverCPUSeconds: Double?
    /// Server CPU per message handled: per echo, or per delivered broadcast frame.
    var serverCPUMicrosPerMessage: Double?
    var serverRSSBytes: Int?
    var serverBytesPerConnection: Int?
    var generatorCPUSeconds: Double?
}

final class RawStats: Sendable {
    let echoLatency = Latencies()
    let deliveryLatency = Latencies()
    let roundTrip = Latencies()
    let echoes = Atomic<Int>(0)
    let sent = Atomic<Int>(0)
    let deliveries = Atomic<Int>(0)
    let results = Atomic<Int>(0)
    let listeners = Atomic<Int>(0)
    let connectFailures = Counts()
}

/// One socket on `/ws/raw`. Payloads carry the send time (`t`, monotonic nanoseconds of this
/// process), so every receiver can time a frame without a lookup.
final class RawConnection: Sendable {
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
        do {
            try await WebSocketClient.connect(
                url: "\(baseURL)/ws/raw", configuration: Connection.configuration, logger: Connection.logger
            ) { inbound, outbound, _ in
                self.state.withLock { $0.outbound = outbound }
                self.connected.fulfill(true)
                await gate.leave()
                var message = ByteBuffer()
                for try await frame in inbound {
                    if frame.opcode != .continuation { message.clear() }
                    var data = frame.data
                    message.writeBuffer(&data)
                    guard frame.fin else { continue }
                    message.withUnsafeReadableBytes { self.receive($0) }
                }
            }
        } catch {
            stats.connectFailures.add(String(describing: type(of: error)) + ": " + String(describing: error).prefix(80))
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

struct RawScenario {
    let plan: RawPlan

    func run() async throws -> RawSummary {
        let http = try HTTPClient(baseURL: plan.baseURL)
        let stats = RawStats()
        let connections = (0..<plan.connections).map { RawConnection(number: $0, stats: stats) }
        let gate = Gate(permits: plan.connectConcurrency)
        let base = http.webSocketBase
        let rssBefore = ProcessSample.read(pid: plan.serverPID)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask { await connection.run(baseURL: base, gate: gate) }
            }
            note("\(plan.label): connecting \(connections.count) raw sockets")
            let joinStart = nowNanos()
            var connected = 0
            for connection in connections {
                let remaining = Double(joinStart + UInt64(plan.joinTimeout * 1e9)) - Double(nowNanos())
                if await connection.connected.wait(timeout: .nanoseconds(Int64(max(remaining, 1e6)))) != nil {
                    connected += 1
                }
            }
            note("\(plan.label): \(connected)/\(connections.count) connected")
            try await Task.sleep(for: .milliseconds(500))
            let rssAfter = ProcessSample.read(pid: plan.serverPID)
            let live = connections.filter { $0.connected.isFulfilled }

            let cpuBefore = ProcessSample.read(pid: plan.serverPID)
            let start = nowNanos() + 200_000_000
            let end = start + UInt64(plan.duration * 1e9)
            switch plan.mode {
            case .echo:
                let gap = UInt64(1e9 / plan.rate)
                note("\(plan.label): \(live.count) sockets echo back to back (at most \(plan.rate)/s each) for \(plan.duration) s")
                await withTaskGroup(of: Void.self) { senders in
                    for (index, connection) in live.enumerated() {
                        senders.addTask {
                            var due = start + UInt64(index % 1000) * 1_000_000
                            while due < end {
                                await sleep(untilNanos: due)
                                let (sent, reply) = await connection.send("echo", awaitReply: true)
                                guard sent, let reply else { break }
                                _ = await reply.wait()
                                due = max(due + gap, nowNanos())
                            }
                        }
                    }
                }
            case .broadcast:
                let senders = Array(live.prefix(max(1, plan.senders)))
                let interval = UInt64(1e9 * Double(senders.count) / plan.rate)
                note("\(plan.label): \(senders.count) senders broadcast \(plan.rate)/s in all to \(live.count) sockets for \(plan.duration) s")
                await withTaskGroup(of: Void.self) { group in
                    for (index, sender) in senders.enumerated() {
                        group.addTask {
                            var due = start + UInt64(index) * interval / UInt64(senders.count)
                            while due < end {
                                await sleep(untilNanos: due)
                                guard await sender.send("broadcast", awaitReply: false).sent else { break }
                                due += interval
                            }
                        }
                    }
                }
                // Wait for the fan-out to arrive everywhere (or the drain timeout).
                let expected = stats.sent.load(ordering: .relaxed) * live.count
                let deadline = nowNanos() + UInt64(plan.drainTimeout * 1e9)
                while stats.deliveries.load(ordering: .relaxed) < expected, nowNanos() < deadline {
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            let finish = nowNanos()
            let cpuAfter = ProcessSample.read(pid: plan.serverPID)
            let seconds = Double(finish - start) / 1e9

            var summary = RawSummary(
                scenario: plan.label, mode: plan.mode, connections: plan.connections, connected: connected,
                connectFailures: stats.connectFailures.snapshot, seconds: (seconds * 100).rounded() / 100)
            let cpu = cpuBefore.flatMap { before in cpuAfter.map { $0.cpuSeconds - before.cpuSeconds } }
            summary.serverCPUSeconds = cpu.map { ($0 * 100).rounded() / 100 }
            switch plan.mode {
            case .echo:
                let echoes = stats.echoes.load(ordering: .relaxed)
                summary.echoes = echoes
                summary.echoesPerSecond = (Double(echoes) / seconds).rounded()
                summary.echoLatencyMs = stats.echoLatency.summary
                if let cpu, echoes > 0 { summary.serverCPUMicrosPerMessage = (cpu / Double(echoes) * 1e7).rounded() / 10 }
            case .broadcast:
                let broadcasts = stats.sent.load(ordering: .relaxed)
                let deliveries = stats.deliveries.load(ordering: .relaxed)
                let sendSeconds = plan.duration
                summary.broadcasts = broadcasts
                summary.broadcastsPerSecond = (Double(broadcasts) / sendSeconds * 10).rounded() / 10
                summary.deliveries = deliveries
                summary.deliveriesPerSecond = (Double(deliveries) / seconds).rounded()
                summary.missingDeliveries = max(0, broadcasts * live.count - deliveries)
                summary.listenerCount = stats.listeners.load(ordering: .relaxed)
                summary.deliveryLatencyMs = stats.deliveryLatency.summary
                summary.broadcastRoundTripMs = stats.roundTrip.summary
                if let cpu, deliveries > 0 {
                    summary.serverCPUMicrosPerMessage = (cpu / Double(deliveries) * 1e7).rounded() / 10
                }
            }
            summary.serverRSSBytes = rssAfter?.rssBytes
            if let rssBefore, let rssAfter, connected > 0 {
                summary.serverBytesPerConnection = (rssAfter.rssBytes - rssBefore.rssBytes) / connected
            }
            summary.generatorCPUSeconds = ProcessSample.read(pid: nil)?.cpuSeconds

            note("\(plan.label): closing")
            await withTaskGroup(of: Void.self) { closing in
                for connection in connections { closing.addTask { await connection.close() } }
            }
            for connection in connections { _ = await connection.finished.wait(timeout: .seconds(10)) }
            group.cancelAll()
            return summary
        }
    }
}
