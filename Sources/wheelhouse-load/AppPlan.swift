import Foundation

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
    var common: CommonPlan
    var workshops: Int
    var participants: Int
    var mode: VoteMode
    /// Votes a second per participant (sustained), or the cap per socket (max).
    var rate: Double
    var burstWindow: Double
    var burstVotes: Int?
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

extension AppSummary.Server {
    /// The server's memory from /proc before the sockets joined, after, and at the end; its
    /// CPU time around the votes.
    init(
        before: ProcessSample?, afterJoin: ProcessSample?, end: ProcessSample?, cpuBefore: ProcessSample?,
        cpuAfter: ProcessSample?, participants: Int, connections: Int, votes: Int
    ) {
        self.init()
        rssBeforeJoinBytes = before?.rssBytes
        rssAfterJoinBytes = afterJoin?.rssBytes
        rssEndBytes = end?.rssBytes
        peakRSSBytes = end?.peakRSSBytes
        threads = end?.threads
        if let afterJoin, participants > 0 {
            bytesPerParticipant = afterJoin.rssBytes / participants
            if let before, connections > 0 {
                bytesPerConnectionAdded = (afterJoin.rssBytes - before.rssBytes) / connections
            }
        }
        if let cpuBefore, let cpuAfter {
            let cpu = cpuAfter.cpuSeconds - cpuBefore.cpuSeconds
            cpuSecondsDuringVotes = rounded(cpu, places: 2)
            if votes > 0 { cpuMicrosPerVote = rounded(cpu / Double(votes) * 1e6, places: 1) }
        }
    }
}
