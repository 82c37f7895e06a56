import Foundation
import WheelCore
import WheelProtocol

/// The workshop scenario: create the workshops over HTTP, connect every socket, open the
/// importance round, vote, then check the tallies (`TallyCheck.swift`).
struct AppScenario {
    let plan: AppPlan
    private var common: CommonPlan { plan.common }

    func run() async throws -> AppSummary {
        let server = try ServerAPI(baseURL: common.baseURL)
        let stats = LoadStats()
        let runs = try await createWorkshops(server, stats: stats)
        let metricsBefore = await Self.serverVotes(server)
        let rssBeforeJoin = ProcessSample.read(pid: common.serverPID)

        var phones: [[Connection]] = []
        var staff: [(board: Connection, facilitator: Connection)] = []
        for run in runs {
            staff.append((Connection(kind: .board, number: 0, workshop: run), Connection(kind: .facilitator, number: 0, workshop: run)))
            phones.append((0..<plan.participants).map { Connection(kind: .participant, number: $0, workshop: run) })
        }
        let everyone = staff.flatMap { [$0.board, $0.facilitator] } + phones.flatMap { $0 }
        let base = server.webSocketBase
        let gate = Gate(permits: common.connectConcurrency)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            // One task per socket, alive until the socket closes.
            for connection in everyone {
                group.addTask { await connection.run(baseURL: base, gate: gate) }
            }
            let joinStart = nowNanos()
            note("\(common.label): joining \(everyone.count) sockets (\(plan.workshops) workshops x \(plan.participants) + board + facilitator)")
            let connected = await countFulfilled(everyone.map(\.welcomed), within: common.joinTimeout)
            let joinSeconds = Double(nowNanos() - joinStart) / 1e9
            note("\(common.label): \(connected)/\(everyone.count) welcomed in \(String(format: "%.1f", joinSeconds)) s")
            let rssAfterJoin = ProcessSample.read(pid: common.serverPID)

            // Open the first rating round everywhere.
            await withTaskGroup(of: Void.self) { opens in
                for (_, facilitator) in staff {
                    opens.addTask {
                        let reply = await facilitator.command(.openRound(.init(opId: "open-importance", round: .importance)))
                        if case .ack = reply {} else { stats.errors.add("open_round_failed") }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(300))

            // Vote (together with the other generator processes, if any).
            let go = await common.barrier?.arrive(at: "vote", timeout: common.joinTimeout)
            await sleep(untilNanos: go ?? 0)
            let cpuBefore = ProcessSample.read(pid: common.serverPID)
            let start = nowNanos() + 200_000_000
            let voters = phones.flatMap { $0 }.filter { $0.welcomed.isFulfilled }
            let offered = await vote(voters, stats: stats, start: start)
            let drained = await drain(voters)
            // The server's CPU and vote count cover every process's votes once all are done.
            _ = await common.barrier?.arrive(at: "drained", timeout: common.drainTimeout + 10, margin: 0)
            let voteEnd = max(stats.lastAck.load(ordering: .relaxed), start + 1)
            let voteSeconds = Double(voteEnd - start) / 1e9
            let cpuAfter = ProcessSample.read(pid: common.serverPID)
            note("\(common.label): votes done in \(String(format: "%.1f", voteSeconds)) s (drained: \(drained))")

            // Let the last coalesced board frame out, then compare tallies.
            try await Task.sleep(for: .milliseconds(500))
            var summary = AppSummary(
                scenario: common.label, mode: plan.mode, workshops: plan.workshops, participantsPerWorkshop: plan.participants,
                participants: plan.workshops * plan.participants, connections: everyone.count, connected: connected,
                joinFailures: stats.connectFailures.snapshot, joinSeconds: joinSeconds, voteSeconds: voteSeconds,
                offeredVotesPerSecond: offered, votesPerSecond: 0, errors: [:],
                ackLatencyMs: stats.ackLatency.summary, boardFreshnessMs: stats.boardFreshness.summary,
                scheduleLagMs: stats.scheduleLag.summary, joinLatencyMs: stats.joinLatency.summary,
                seqGaps: stats.seqGaps.load(ordering: .relaxed), talliesConsistent: true, tallyProblems: [])
            await verify(runs: runs, staff: staff, phones: phones, into: &summary)
            summary.votes.sent = stats.votesSent.load(ordering: .relaxed)
            summary.votes.acked = stats.votesAcked.load(ordering: .relaxed)
            summary.votes.refused = stats.votesRefused.load(ordering: .relaxed)
            summary.votes.unresolved = voters.reduce(0) { $0 + $1.unresolved }
            summary.votesPerSecond = Double(summary.votes.acked) / voteSeconds
            summary.errors = stats.errors.snapshot
            if let before = metricsBefore, let after = await Self.serverVotes(server) {
                summary.votes.serverCounted = after - before
            }
            summary.server = AppSummary.Server(
                before: rssBeforeJoin, afterJoin: rssAfterJoin, end: ProcessSample.read(pid: common.serverPID),
                cpuBefore: cpuBefore, cpuAfter: cpuAfter, participants: summary.participants, connections: connected,
                votes: summary.votes.acked)
            let me = ProcessSample.read(pid: nil)
            summary.generatorCPUSeconds = me?.cpuSeconds
            summary.generatorPeakRSSBytes = me?.peakRSSBytes

            // Close every socket; the server answers each close, and the tasks end.
            note("\(common.label): closing")
            await Socket.closeAll(everyone)
            group.cancelAll()
            return summary
        }
    }

    // MARK: Phases

    /// The workshops, each with its own ids; the competences are read once, from the first
    /// workshop's wheel (every one has the same plugins).
    private func createWorkshops(_ server: ServerAPI, stats: LoadStats) async throws -> [WorkshopRun] {
        var runs: [WorkshopRun] = []
        var competences: [String]?
        for index in 0..<plan.workshops {
            let request = CreateWorkshopRequest(
                title: "Load \(common.label) \(index + 1)", plugins: ["kl-base"],
                // The tally check counts every acked value exactly, so nothing may be withheld.
                settings: .init(maxParticipants: plan.participants, minGroupSize: 1))
            let created = try await server.json(.POST, "/api/workshops", body: request, expect: 201, as: CreatedWorkshop.self)
            if competences == nil {
                let wheel = try await server.json(.GET, "/api/workshops/\(created.id)/wheel", as: Framework.self)
                competences = wheel.competences.map(\.id)
            }
            runs.append(WorkshopRun(
                index: index, id: created.id, joinCode: created.joinCode, facilitatorToken: created.facilitatorToken,
                competences: competences ?? [], stats: stats))
        }
        return runs
    }

    /// Runs the voting phase; returns the offered rate (votes a second over all phones).
    private func vote(_ voters: [Connection], stats: LoadStats, start: UInt64) async -> Double {
        let end = start + UInt64(common.duration * 1e9)
        switch plan.mode {
        case .sustained:
            note("\(common.label): \(voters.count) phones vote \(plan.rate)/s each for \(common.duration) s")
            await Schedule.steady(voters, start: start, end: end, interval: UInt64(1e9 / plan.rate)) { phone, due in
                await phone.vote(scheduledAt: due).sent
            }
            return plan.rate * Double(voters.count)
        case .burst:
            let votes = plan.burstVotes ?? voters.first?.workshop.competences.count ?? 12
            let window = UInt64(plan.burstWindow * 1e9)
            note("\(common.label): \(voters.count) phones send \(votes) votes each within \(plan.burstWindow) s")
            await withTaskGroup(of: Void.self) { group in
                for (index, phone) in voters.enumerated() {
                    group.addTask {
                        var generator = SplitMix(seed: UInt64(index) &+ 17)
                        let moments = (0..<votes).map { _ in start + generator.next() % window }.sorted()
                        for due in moments {
                            await sleep(untilNanos: due)
                            await phone.vote(scheduledAt: due)
                        }
                    }
                }
            }
            return Double(votes * voters.count) / plan.burstWindow
        case .max:
            note("\(common.label): \(voters.count) phones vote back to back (at most \(plan.rate)/s each) for \(common.duration) s")
            await Schedule.backToBack(voters, start: start, end: end, gap: UInt64(1e9 / plan.rate)) { phone, due in
                let (sent, acked) = await phone.vote(scheduledAt: due, awaitAck: true)
                return sent ? acked : nil
            }
            return Double(stats.votesSent.load(ordering: .relaxed)) / common.duration
        }
    }

    /// Waits until every vote is acked or refused, or the drain timeout passes.
    private func drain(_ voters: [Connection]) async -> Bool {
        let deadline = nowNanos() + UInt64(common.drainTimeout * 1e9)
        while nowNanos() < deadline {
            if voters.allSatisfy({ $0.unresolved == 0 }) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        for voter in voters { voter.abandonWaits() }
        return false
    }
}
