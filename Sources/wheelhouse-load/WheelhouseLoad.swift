import ArgumentParser
import Foundation

/// `wheelhouse-load`: plays phones, boards and facilitators against a running server, or
/// drives its raw echo/broadcast endpoint, and prints a JSON summary on stdout.
@main
struct WheelhouseLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wheelhouse-load",
        abstract: "Load generator for a running wheelhouse server (see docs/BENCHMARKS.md).",
        subcommands: [App.self, Raw.self]
    )
}

struct Common: ParsableArguments {
    @Option(help: "The server's base URL (loopback only).")
    var url = "http://127.0.0.1:8080"
    @Option(help: "Seconds the load phase lasts.")
    var duration = 20.0
    @Option(help: "Sockets connecting at once (stays under the server's accept backlog).")
    var connectConcurrency = 128
    @Option(help: "The server's process id: its CPU time and memory are read from /proc.")
    var serverPid: Int32?
    @Option(help: "A name for this run in the summary.")
    var label = "run"
    @Option(help: "Seconds every socket may take to connect and be welcomed.")
    var joinTimeout = 180.0
    @Option(help: "Seconds to wait for outstanding replies after the load phase.")
    var drainTimeout = 30.0
    @Option(help: "Also write the JSON summary to this file.")
    var json: String?
    @Option(help: "A folder shared with the other generator processes of one run (see --parties).")
    var barrier: String?
    @Option(help: "Generator processes driving the server together: they start voting at the same instant.")
    var parties = 1

    func validate() throws {
        guard let host = URL(string: url)?.host, ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) || host.hasPrefix("127.") else {
            throw ValidationError("--url must be a loopback address (127.0.0.1, localhost or ::1).")
        }
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be 0-3600 seconds.") }
        guard connectConcurrency > 0 else { throw ValidationError("--connect-concurrency must be positive.") }
        guard (1...16).contains(parties) else { throw ValidationError("--parties must be 1-16.") }
        guard parties == 1 || barrier != nil else { throw ValidationError("--parties needs --barrier.") }
    }

    /// What every run is told, whichever the scenario.
    var plan: CommonPlan {
        CommonPlan(
            baseURL: url, duration: duration, connectConcurrency: connectConcurrency, serverPID: serverPid, label: label,
            joinTimeout: joinTimeout, drainTimeout: drainTimeout,
            barrier: barrier.map { Barrier(directory: URL(fileURLWithPath: $0), parties: parties, label: label) })
    }

    /// Raises the open-file limit (each socket is one) and warns when `sockets` still exceed it.
    func allowOpenFiles(for sockets: Int) {
        let limit = raiseOpenFileLimit()
        if sockets + 64 > limit {
            note("warning: \(sockets) sockets but only \(limit) open files allowed (ulimit -n)")
        }
    }

    func emit(_ summary: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(summary)
        if let json { try data.write(to: URL(fileURLWithPath: json)) }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

/// The options of `Common`, as a scenario reads them.
struct CommonPlan: Sendable {
    var baseURL: String
    var duration: Double
    var connectConcurrency: Int
    var serverPID: Int32?
    var label: String
    var joinTimeout: Double
    var drainTimeout: Double
    /// Other generator processes to line up with, if any.
    var barrier: Barrier?
}

extension VoteMode: ExpressibleByArgument {}
extension RawMode: ExpressibleByArgument {}

extension WheelhouseLoad {
    struct App: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Workshops with a facilitator, a board and participants who vote.",
            discussion: """
                Creates the workshops over HTTP, connects every socket, opens the importance round and \
                lets the participants rate competences. Prints ack latency, board freshness, errors and \
                lost votes (acknowledged votes missing from the final tallies).
                """)

        @OptionGroup var common: Common
        @Option(help: "Workshops.")
        var workshops = 1
        @Option(help: "Participants per workshop.")
        var participants = 100
        @Option(help: "sustained: a steady rate; burst: every vote within --burst-window; max: back to back.")
        var mode = VoteMode.sustained
        @Option(help: "Votes a second per participant (sustained), or the cap per socket (max). The server allows 20.")
        var rate = 0.5
        @Option(help: "Seconds within which every participant sends its burst (burst mode).")
        var burstWindow = 10.0
        @Option(help: "Votes per participant in the burst (default: one per competence).")
        var burstVotes: Int?

        func validate() throws {
            guard (1...1000).contains(workshops) else { throw ValidationError("--workshops must be 1-1000.") }
            guard (1...20000).contains(participants) else { throw ValidationError("--participants must be 1-20000.") }
            guard rate > 0, rate <= 18 else {
                throw ValidationError("--rate must be above 0 and at most 18: the server limits a socket to 20 messages a second.")
            }
            if let burstVotes, !(1...40).contains(burstVotes) {
                throw ValidationError("--burst-votes must be 1-40 (the server's burst allowance).")
            }
        }

        func run() async throws {
            common.allowOpenFiles(for: workshops * (participants + 2))
            let summary = try await AppScenario(plan: AppPlan(
                common: common.plan, workshops: workshops, participants: participants, mode: mode, rate: rate,
                burstWindow: burstWindow, burstVotes: burstVotes)
            ).run()
            try common.emit(summary)
        }
    }

    struct Raw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The raw echo/broadcast endpoint (the server runs with --raw-endpoint).")

        @OptionGroup var common: Common
        @Option(help: "Sockets.")
        var connections = 1000
        @Option(help: "echo: back-to-back round trips; broadcast: fan-out to every socket.")
        var mode = RawMode.echo
        @Option(help: "Echo: the cap per socket (messages a second). Broadcast: broadcasts a second in all.")
        var rate = 15.0
        @Option(help: "Broadcast: how many sockets send the broadcasts.")
        var senders = 10
        @Option(help: "Broadcast: connect in steps of this many sockets; after each step the senders broadcast at once, as the shootout's harness does (0: all at once).")
        var step = 0

        func validate() throws {
            guard (1...20000).contains(connections) else { throw ValidationError("--connections must be 1-20000.") }
            guard rate > 0, rate <= 10000 else { throw ValidationError("--rate must be above 0 and at most 10000.") }
            guard step >= 0 else { throw ValidationError("--step must be 0 or more.") }
        }

        func run() async throws {
            common.allowOpenFiles(for: connections)
            let summary = try await RawScenario(plan: RawPlan(
                common: common.plan, connections: connections, mode: mode, rate: rate, senders: senders, step: step)
            ).run()
            try common.emit(summary)
        }
    }
}
