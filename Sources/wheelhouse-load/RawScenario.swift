import Foundation

/// What the raw endpoint is asked to do.
enum RawMode: String, Codable, Sendable, CaseIterable {
    /// Every connection sends an echo and waits for it, back to back (capped per socket as
    /// the app's phones are): the transport's request/reply limit, to set against votes.
    case echo
    /// A few connections broadcast; every connection receives each broadcast.
    case broadcast
}

struct RawPlan: Sendable {
    var common: CommonPlan
    var connections: Int
    var mode: RawMode
    /// Echo: the cap per socket (messages a second). Broadcast: broadcasts a second in all.
    var rate: Double
    var senders: Int
    /// Broadcast: sockets connected per step before the senders broadcast at once (0: no steps).
    var step: Int
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
    /// Broadcast frames that never arrived (expected: every broadcast reaches every socket
    /// that was connected when it was sent).
    var missingDeliveries: Int?
    /// Of the broadcasts, those sent at once after a connection step (see `RawPlan.step`).
    var stepBroadcasts: Int?
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

struct RawScenario {
    let plan: RawPlan
    private var common: CommonPlan { plan.common }

    func run() async throws -> RawSummary {
        let server = try ServerAPI(baseURL: common.baseURL)
        let stats = RawStats()
        let connections = (0..<plan.connections).map { RawConnection(number: $0, stats: stats) }
        let gate = Gate(permits: common.connectConcurrency)
        let base = server.webSocketBase
        let rssBefore = ProcessSample.read(pid: common.serverPID)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            let connected = await connect(connections, stats: stats, group: &group, base: base, gate: gate)
            // The step broadcasts' frames arrive before the load phase is counted.
            await awaitDeliveries(stats)
            try await Task.sleep(for: .milliseconds(500))
            let rssAfter = ProcessSample.read(pid: common.serverPID)
            let live = connections.filter { $0.connected.isFulfilled }

            // Step broadcasts count for `missingDeliveries`, not for the load phase's rates.
            let before = (sent: stats.sent.load(ordering: .relaxed), delivered: stats.deliveries.load(ordering: .relaxed))
            let cpuBefore = ProcessSample.read(pid: common.serverPID)
            let start = nowNanos() + 200_000_000
            await send(live, stats: stats, start: start)
            let finish = nowNanos()
            let cpuAfter = ProcessSample.read(pid: common.serverPID)
            let seconds = Double(finish - start) / 1e9

            var summary = RawSummary(
                scenario: common.label, mode: plan.mode, connections: plan.connections, connected: connected,
                connectFailures: stats.connectFailures.snapshot, seconds: rounded(seconds, places: 2))
            let cpu = cpuBefore.flatMap { before in cpuAfter.map { $0.cpuSeconds - before.cpuSeconds } }
            summarize(stats, before: before, seconds: seconds, cpu: cpu, into: &summary)
            summary.serverRSSBytes = rssAfter?.rssBytes
            if let rssBefore, let rssAfter, connected > 0 {
                summary.serverBytesPerConnection = (rssAfter.rssBytes - rssBefore.rssBytes) / connected
            }
            summary.generatorCPUSeconds = ProcessSample.read(pid: nil)?.cpuSeconds

            note("\(common.label): closing")
            await Socket.closeAll(connections)
            group.cancelAll()
            return summary
        }
    }

    /// Connects every socket, all at once or in steps. After each step the senders broadcast
    /// the moment the step's upgrades are answered, to every socket connected so far (the
    /// newest included): a socket must hear broadcasts as soon as its upgrade is answered.
    private func connect(
        _ connections: [RawConnection], stats: RawStats, group: inout ThrowingTaskGroup<Void, any Error>, base: String,
        gate: Gate
    ) async -> Int {
        let step = plan.mode == .broadcast && plan.step > 0 ? plan.step : connections.count
        note("\(common.label): connecting \(connections.count) raw sockets" + (step < connections.count ? " in steps of \(step)" : ""))
        let deadline = nowNanos() + UInt64(common.joinTimeout * 1e9)
        var connected = 0
        for first in stride(from: 0, to: connections.count, by: step) {
            let batch = connections[first..<min(first + step, connections.count)]
            for connection in batch {
                group.addTask { await connection.run(baseURL: base, gate: gate) }
            }
            let remaining = max(0.001, Double(deadline) - Double(nowNanos())) / 1e9
            connected += await countFulfilled(batch.map(\.connected), within: remaining)
            guard step < connections.count else { break }
            let live = connections.prefix(first + batch.count).filter { $0.connected.isFulfilled }
            for sender in live.suffix(max(1, plan.senders)) where await sender.send("broadcast", awaitReply: false).sent {
                stats.expectedDeliveries.add(live.count, ordering: .relaxed)
                stats.stepBroadcasts.add(1, ordering: .relaxed)
            }
        }
        note("\(common.label): \(connected)/\(connections.count) connected")
        return connected
    }

    /// The load phase: echoes back to back, or broadcasts on schedule and then the wait for
    /// their fan-out to arrive everywhere (or the drain timeout).
    private func send(_ live: [RawConnection], stats: RawStats, start: UInt64) async {
        let end = start + UInt64(common.duration * 1e9)
        switch plan.mode {
        case .echo:
            note("\(common.label): \(live.count) sockets echo back to back (at most \(plan.rate)/s each) for \(common.duration) s")
            await Schedule.backToBack(live, start: start, end: end, gap: UInt64(1e9 / plan.rate)) { connection, _ in
                let (sent, reply) = await connection.send("echo", awaitReply: true)
                return sent ? reply : nil
            }
        case .broadcast:
            let senders = Array(live.prefix(max(1, plan.senders)))
            let interval = UInt64(1e9 * Double(senders.count) / plan.rate)
            note("\(common.label): \(senders.count) senders broadcast \(plan.rate)/s in all to \(live.count) sockets for \(common.duration) s")
            await Schedule.steady(senders, start: start, end: end, interval: interval) { sender, _ in
                let sent = await sender.send("broadcast", awaitReply: false).sent
                if sent { stats.expectedDeliveries.add(live.count, ordering: .relaxed) }
                return sent
            }
            await awaitDeliveries(stats)
        }
    }

    /// Waits until every broadcast sent so far has reached its sockets, or the drain timeout.
    private func awaitDeliveries(_ stats: RawStats) async {
        let expected = stats.expectedDeliveries.load(ordering: .relaxed)
        let deadline = nowNanos() + UInt64(common.drainTimeout * 1e9)
        while stats.deliveries.load(ordering: .relaxed) < expected, nowNanos() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The mode's counts, rates, latencies and server CPU per message.
    private func summarize(
        _ stats: RawStats, before: (sent: Int, delivered: Int), seconds: Double, cpu: Double?, into summary: inout RawSummary
    ) {
        summary.serverCPUSeconds = cpu.map { rounded($0, places: 2) }
        let handled: Int
        switch plan.mode {
        case .echo:
            handled = stats.echoes.load(ordering: .relaxed)
            summary.echoes = handled
            summary.echoesPerSecond = (Double(handled) / seconds).rounded()
            summary.echoLatencyMs = stats.echoLatency.summary
        case .broadcast:
            let broadcasts = stats.sent.load(ordering: .relaxed) - before.sent
            let delivered = stats.deliveries.load(ordering: .relaxed)
            handled = delivered - before.delivered
            summary.broadcasts = broadcasts
            summary.broadcastsPerSecond = rounded(Double(broadcasts) / common.duration, places: 1)
            summary.deliveries = handled
            summary.deliveriesPerSecond = (Double(handled) / seconds).rounded()
            summary.missingDeliveries = max(0, stats.expectedDeliveries.load(ordering: .relaxed) - delivered)
            summary.stepBroadcasts = stats.stepBroadcasts.load(ordering: .relaxed)
            summary.listenerCount = stats.listeners.load(ordering: .relaxed)
            summary.deliveryLatencyMs = stats.deliveryLatency.summary
            summary.broadcastRoundTripMs = stats.roundTrip.summary
        }
        if let cpu, handled > 0 { summary.serverCPUMicrosPerMessage = rounded(cpu / Double(handled) * 1e6, places: 1) }
    }
}
