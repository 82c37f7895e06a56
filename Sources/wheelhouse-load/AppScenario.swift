import Foundation
import Synchronization
import WheelCore
import WheelProtocol

/// How participants vote once the round is open.
enum VoteMode: String, Codable, Sendable, CaseIterable {
    /// Each participant votes at a steady rate (open loop: on schedule, acked or not).
    case sustained
    /// Each participant answers `burstVotes` times at random moments within `burstWindow`.
    case burst
    /// Each participant votes again as soon as its previous vote is acked (closed loop,
    /// capped below the per-socket rate limit): the most the server takes.
    case max
}

struct AppPlan: Sendable {
    var baseURL: String
    var workshops: Int
    var participants: Int
    var mode: VoteMode
    /// Votes a second per participant (sustained), or the cap per socket (max).
    var rate: Double
    var duration: Double
    var burstWindow: Double
    var burstVotes: Int?
    var connectConcurrency: Int
    var serverPID: Int32?
    var label: String
    var joinTimeout: Double
    var drainTimeout: Double
}

/// The summary printed as JSON: what was sent, what came back, how fast, and whether the
/// final tallies hold exactly the acknowledged votes.
struct AppSummary: Codable, Sendable {
    struct Votes: Codable, Sendable {
        var sent = 0
        var acked = 0
        var refused = 0
        /// Sent, but neither acked nor refused by the end.
        var unresolved = 0
        /// Acknowledged votes the final tally does not hold.
        var lost = 0
        /// Tally entries no acknowledged vote explains.
        var unexpected = 0
        /// Votes the server counted (`wheelhouse_votes_total`), when /metrics was readable.
        var serverCounted: Int?
    }

    struct Server: Codable, Sendable {
        var rssBeforeJoinBytes: Int?
        var rssAfterJoinBytes: Int?
        var rssEndBytes: Int?
        var peakRSSBytes: Int?
        var bytesPerParticipant: Int?
        var bytesPerConnectionAdded: Int?
        var cpuSecondsDuringVotes: Double?
        var cpuMicrosPerVote: Double?
        var threads: Int?
    }

    var scenario: String
    var mode: VoteMode
    var workshops: Int
    var participantsPerWorkshop: Int
    var participants: Int
    var connections: Int
    var connected: Int
    var joinFailures: [String: Int]
    var joinSeconds: Double
    var voteSeconds: Double
    var offeredVotesPerSecond: Double
    var votesPerSecond: Double
    var votes = Votes()
    var errors: [String: Int]
    var ackLatencyMs: LatencySummary
    var boardFreshnessMs: LatencySummary
    var scheduleLagMs: LatencySummary
    var joinLatencyMs: LatencySummary
    var seqGaps: Int
    var talliesConsistent: Bool
    var tallyProblems: [String]
    var server = Server()
    var generatorCPUSeconds: Double?
    var generatorPeakRSSBytes: Int?
}

struct AppScenario {
    let plan: AppPlan

    func run() async throws -> AppSummary {
        let http = try HTTPClient(baseURL: plan.baseURL)
        let stats = LoadStats()
        let runs = try await createWorkshops(http, stats: stats)
        let metricsBefore = await Self.serverVotes(http)
        let rssBeforeJoin = ProcessSample.read(pid: plan.serverPID)

        var phones: [[Connection]] = []
        var staff: [(board: Connection, facilitator: Connection)] = []
        for run in runs {
            staff.append((Connection(kind: .board, number: 0, workshop: run), Connection(kind: .facilitator, number: 0, workshop: run)))
            phones.append((0..<plan.participants).map { Connection(kind: .participant, number: $0, workshop: run) })
        }
        let everyone = staff.flatMap { [$0.board, $0.facilitator] } + phones.flatMap { $0 }
        let base = http.webSocketBase
        let gate = Gate(permits: plan.connectConcurrency)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            // One task per socket, alive until the socket closes.
            for connection in everyone {
                group.addTask { await connection.run(baseURL: base, gate: gate) }
            }
            let joinStart = nowNanos()
            note("\(plan.label): joining \(everyone.count) sockets (\(plan.workshops) workshops x \(plan.participants) + board + facilitator)")
            var connected = 0
            for connection in everyone {
                let remaining = Double(joinStart + UInt64(plan.joinTimeout * 1e9)) - Double(nowNanos())
                if await connection.welcomed.wait(timeout: .nanoseconds(Int64(max(remaining, 1e6)))) != nil {
                    connected += 1
                }
            }
            let joinSeconds = Double(nowNanos() - joinStart) / 1e9
            note("\(plan.label): \(connected)/\(everyone.count) welcomed in \(String(format: "%.1f", joinSeconds)) s")
            let rssAfterJoin = ProcessSample.read(pid: plan.serverPID)

            // Open the first rating round everywhere.
            await withTaskGroup(of: Void.self) { opens in
                for (board, facilitator) in staff {
                    _ = board
                    opens.addTask {
                        let reply = await facilitator.command(.openRound(.init(opId: "open-importance", round: .importance)))
                        if case .ack = reply {} else { stats.errors.add("open_round_failed") }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(300))

            // Vote.
            let cpuBefore = ProcessSample.read(pid: plan.serverPID)
            let start = nowNanos() + 200_000_000
            let voters = phones.flatMap { $0 }.filter { $0.welcomed.isFulfilled }
            let offered = await vote(voters, start: start)
            let drained = await drain(voters)
            let voteEnd = max(stats.lastAck.load(ordering: .relaxed), start + 1)
            let voteSeconds = Double(voteEnd - start) / 1e9
            let cpuAfter = ProcessSample.read(pid: plan.serverPID)
            note("\(plan.label): votes done in \(String(format: "%.1f", voteSeconds)) s (drained: \(drained))")

            // Let the last coalesced board frame out, then compare tallies.
            try await Task.sleep(for: .milliseconds(500))
            var summary = AppSummary(
                scenario: plan.label, mode: plan.mode, workshops: plan.workshops, participantsPerWorkshop: plan.participants,
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
            if let before = metricsBefore, let after = await Self.serverVotes(http) {
                summary.votes.serverCounted = after - before
            }
            let end = ProcessSample.read(pid: plan.serverPID)
            summary.server = Self.serverFigures(
                before: rssBeforeJoin, afterJoin: rssAfterJoin, end: end, cpuBefore: cpuBefore, cpuAfter: cpuAfter,
                participants: summary.participants, connections: connected, votes: summary.votes.acked)
            let me = ProcessSample.read(pid: nil)
            summary.generatorCPUSeconds = me?.cpuSeconds
            summary.generatorPeakRSSBytes = me?.peakRSSBytes

            // Close every socket; the server answers each close, and the tasks end.
            note("\(plan.label): closing")
            await withTaskGroup(of: Void.self) { closing in
                for connection in everyone { closing.addTask { await connection.close() } }
            }
            for connection in everyone { _ = await connection.finished.wait(timeout: .seconds(10)) }
            group.cancelAll()
            return summary
        }
    }

    // MARK: Phases

    private struct Created: Decodable {
        var id: String
        var joinCode: String
        var facilitatorToken: String
    }

    private struct Wheel: Decodable {
        struct Dimension: Decodable { var competences: [Competence] }
        struct Competence: Decodable { var id: String }
        var dimensions: [Dimension]
    }

    private struct CreateBody: Encodable {
        struct Settings: Encodable { var maxParticipants: Int }
        var title: String
        var plugins: [String]
        var settings: Settings
    }

    private func createWorkshops(_ http: HTTPClient, stats: LoadStats) async throws -> [WorkshopRun] {
        var runs: [WorkshopRun] = []
        var competences: [String]?
        for index in 0..<plan.workshops {
            let created = try await http.json(
                .POST, "/api/workshops",
                body: CreateBody(
                    title: "Load \(plan.label) \(index + 1)", plugins: ["kl-base"],
                    settings: .init(maxParticipants: plan.participants)),
                expect: 201, as: Created.self)
            if competences == nil {
                let wheel = try await http.json(.GET, "/api/workshops/\(created.id)/wheel", as: Wheel.self)
                competences = wheel.dimensions.flatMap { $0.competences.map(\.id) }
            }
            runs.append(WorkshopRun(
                index: index, id: created.id, joinCode: created.joinCode, facilitatorToken: created.facilitatorToken,
                competences: competences ?? [], stats: stats))
        }
        return runs
    }

    /// Runs the voting phase; returns the offered rate (votes a second over all phones).
    private func vote(_ voters: [Connection], start: UInt64) async -> Double {
        let duration = UInt64(plan.duration * 1e9)
        let competenceCount = voters.first?.workshop.competences.count ?? 12
        switch plan.mode {
        case .sustained:
            let interval = UInt64(1e9 / plan.rate)
            note("\(plan.label): \(voters.count) phones vote \(plan.rate)/s each for \(plan.duration) s")
            await withTaskGroup(of: Void.self) { group in
                for (index, phone) in voters.enumerated() {
                    group.addTask {
                        // Spread the phones evenly over one interval.
                        var due = start + UInt64(index) * interval / UInt64(max(voters.count, 1)) % interval
                        while due < start + duration {
                            await sleep(untilNanos: due)
                            guard await phone.vote(scheduledAt: due).sent else { break }
                            due += interval
                        }
                    }
                }
            }
            return plan.rate * Double(voters.count)
        case .burst:
            let votes = plan.burstVotes ?? competenceCount
            let window = UInt64(plan.burstWindow * 1e9)
            note("\(plan.label): \(voters.count) phones send \(votes) votes each within \(plan.burstWindow) s")
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
            let gap = UInt64(1e9 / plan.rate)
            note("\(plan.label): \(voters.count) phones vote back to back (at most \(plan.rate)/s each) for \(plan.duration) s")
            await withTaskGroup(of: Void.self) { group in
                for (index, phone) in voters.enumerated() {
                    group.addTask {
                        var due = start + UInt64(index % 1000) * 1_000_000
                        while due < start + duration {
                            await sleep(untilNanos: due)
                            let (sent, acked) = await phone.vote(scheduledAt: due, awaitAck: true)
                            guard sent, let acked else { break }
                            _ = await acked.wait()
                            due = max(due + gap, nowNanos())
                        }
                    }
                }
            }
            return Double(stats(voters).votesSent.load(ordering: .relaxed)) / plan.duration
        }
    }

    private func stats(_ voters: [Connection]) -> LoadStats { voters[0].workshop.stats }

    /// Waits until every vote is acked or refused, or the drain timeout passes.
    private func drain(_ voters: [Connection]) async -> Bool {
        let deadline = nowNanos() + UInt64(plan.drainTimeout * 1e9)
        while nowNanos() < deadline {
            if voters.allSatisfy({ $0.unresolved == 0 }) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        for voter in voters { voter.abandonWaits() }
        return false
    }

    /// The final tally of each workshop (a fresh facilitator snapshot) against the votes the
    /// generator saw acknowledged, and the board's last count against both.
    private func verify(
        runs: [WorkshopRun], staff: [(board: Connection, facilitator: Connection)], phones: [[Connection]],
        into summary: inout AppSummary
    ) async {
        var lost = 0
        var unexpected = 0
        var problems: [String] = []
        for (index, run) in runs.enumerated() {
            // Expected per competence: counts of the last acked value 0-5.
            var expected = Array(repeating: [Int](repeating: 0, count: 6), count: run.competences.count)
            for phone in phones[index] {
                for (competence, value) in phone.lastAcked.enumerated() where value >= 0 {
                    expected[competence][Int(value)] += 1
                }
            }
            let answers = expected.reduce(0) { $0 + $1.reduce(0, +) }
            guard let welcome = await staff[index].facilitator.resync(), let results = welcome.state.results else {
                problems.append("workshop \(index + 1): no final snapshot")
                lost += answers
                continue
            }
            for (competence, id) in run.competences.enumerated() {
                let actual: [Int]
                if let row = results.competences.first(where: { $0.competence == id }) {
                    actual = [row.importance.dontKnow] + row.importance.distribution
                } else {
                    actual = Array(repeating: 0, count: 6)
                }
                for value in 0..<6 {
                    let want = expected[competence][value]
                    let have = value < actual.count ? actual[value] : 0
                    if have < want { lost += want - have }
                    if have > want { unexpected += have - want }
                }
            }
            let boardTotal = run.boardTotal
            if boardTotal != answers {
                problems.append("workshop \(index + 1): board counts \(boardTotal) answers, generator \(answers)")
            }
            if problems.count > 20 { break }
        }
        summary.votes.lost = lost
        summary.votes.unexpected = unexpected
        if lost > 0 { problems.append("\(lost) acknowledged votes missing from the final tallies") }
        if unexpected > 0 { problems.append("\(unexpected) tally entries no acknowledged vote explains") }
        summary.tallyProblems = problems
        summary.talliesConsistent = problems.isEmpty
    }

    /// `wheelhouse_votes_total` from /metrics.
    static func serverVotes(_ http: HTTPClient) async -> Int? {
        guard let response = try? await http.request(.GET, "/metrics"), response.status == 200 else { return nil }
        let text = String(decoding: response.body, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("wheelhouse_votes_total ") {
            return Int(Double(line.split(separator: " ").last ?? "") ?? -1)
        }
        return nil
    }

    static func serverFigures(
        before: ProcessSample?, afterJoin: ProcessSample?, end: ProcessSample?, cpuBefore: ProcessSample?,
        cpuAfter: ProcessSample?, participants: Int, connections: Int, votes: Int
    ) -> AppSummary.Server {
        var server = AppSummary.Server()
        server.rssBeforeJoinBytes = before?.rssBytes
        server.rssAfterJoinBytes = afterJoin?.rssBytes
        server.rssEndBytes = end?.rssBytes
        server.peakRSSBytes = end?.peakRSSBytes
        server.threads = end?.threads
        if let afterJoin, participants > 0 {
            server.bytesPerParticipant = afterJoin.rssBytes / participants
            if let before, connections > 0 {
                server.bytesPerConnectionAdded = (afterJoin.rssBytes - before.rssBytes) / connections
            }
        }
        if let cpuBefore, let cpuAfter {
            let cpu = cpuAfter.cpuSeconds - cpuBefore.cpuSeconds
            server.cpuSecondsDuringVotes = (cpu * 100).rounded() / 100
            if votes > 0 { server.cpuMicrosPerVote = (cpu / Double(votes) * 1e6 * 10).rounded() / 10 }
        }
        return server
    }
}

/// A small reproducible random source.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
