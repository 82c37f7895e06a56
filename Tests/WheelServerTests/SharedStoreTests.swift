import Foundation
import Logging
import Synchronization
import Testing
import WheelChecks
import WheelCore
import WheelProtocol
import WheelStore

@testable import WheelServer

/// Two instances (two registries, each on its own connection pool) on one real PostgreSQL
/// database, receiving random, conflicting commands for one workshop at the same moments:
/// both end in the state a fresh replay of the stored events gives, every operation counts
/// once whichever instance it reached, and one token is one participant.
@Suite(
    "Several instances on one PostgreSQL database",
    .enabled(if: ProcessInfo.processInfo.environment["WHEELHOUSE_TEST_POSTGRES"].map { !$0.isEmpty } ?? false))
struct SharedStoreTests {
    /// The server's URL; the tables go into its database beside other tests' (ids are random).
    private static var url: String { ProcessInfo.processInfo.environment["WHEELHOUSE_TEST_POSTGRES"]! }

    /// One instance: a store, a registry, and the follower that feeds it other instances' news.
    private struct Instance {
        let store: PostgresStore
        let registry: RoomRegistry
        let follower: Task<Void, Never>

        static func start() async throws -> Instance {
            let store = try await PostgresStore.open(url: SharedStoreTests.url)
            let registry = RoomRegistry(store: store, logger: Logger(label: "test"), metrics: ServerMetrics())
            let follower = Task { await store.follow { notice in await registry.notice(notice) } }
            return Instance(store: store, registry: registry, follower: follower)
        }

        func stop() async throws {
            follower.cancel()
            try await store.close()
        }
    }

    private enum Sent: Sendable {
        case join(token: String, reply: Reply)
        case op(key: String, reply: Reply)
        case other(Reply)
    }

    @Test("Random conflicting commands on two instances: one order, replay equals both states, opIds once", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func convergence(seed: UInt64) async throws {
        let a = try await Instance.start()
        let b = try await Instance.start()
        defer { Task { try? await a.stop(); try? await b.stop() } }
        let info = try await a.registry.create(
            title: "Shared \(seed)", language: .da, settings: Scenario.settings, framework: ScenarioWheel.framework,
            rerunOf: nil)
        let roomA = try #require(try await a.registry.room(id: info.id))
        let roomB = try #require(try await b.registry.room(id: info.id))
        let competences = ScenarioWheel.framework.competences.map(\.id)
        var choices = SeededChoices(seed: seed)
        let tokens = (0..<8).map { "token-\(seed)-participant-\($0)" }
        var participants: [String: String] = [:]  // token -> id, once known
        var sent: [Sent] = []

        for burst in 0..<40 {
            // A burst: several submissions to both rooms at once.
            var work: [(WorkshopRoom, WorkshopRoom.Submission, String?)] = []
            for _ in 0..<choices.pick([2, 4, 8]) {
                let room = choices.chance(50) ? roomA : roomB
                switch choices.choose(10) {
                case 0, 1:
                    // The same token's hello on both instances at once, sometimes.
                    let token = choices.pick(tokens)
                    for target in choices.chance(40) ? [roomA, roomB] : [room] {
                        let id = Mint.participantID()
                        work.append((target, WorkshopRoom.Submission(
                            actor: .participant(id), operationKey: nil,
                            change: .join(participant: id, token: token, name: nil, proxy: false)), token))
                    }
                case 2:
                    let round = choices.pick([RoundKind.importance, .level])
                    let command = choices.pick([Command.openRound(round), .closeRound(round), .revealRound(round)])
                    work.append((room, WorkshopRoom.Submission(actor: .facilitator, operationKey: nil, change: .command(command)), nil))
                default:
                    guard let (token, id) = participants.randomElement(using: &choices) else { continue }
                    _ = token
                    let vote = Command.rate(
                        round: choices.pick([.importance, .level]), competence: choices.pick(competences),
                        value: choices.choose(6))
                    let key = OperationKey(sender: .participant(id), opId: "op-\(burst)-\(work.count)")
                    // A retry of the same operation on the other instance, sometimes at once.
                    let targets = choices.chance(30) ? [roomA, roomB] : [room]
                    for target in targets {
                        work.append((target, WorkshopRoom.Submission(actor: .participant(id), operationKey: key, change: .command(vote)), nil))
                    }
                }
            }
            let replies = await withTaskGroup(of: (Int, Reply).self) { group in
                for (index, (room, submission, _)) in work.enumerated() {
                    group.addTask { (index, await room.submit(submission)) }
                }
                return await group.reduce(into: [Int: Reply]()) { $0[$1.0] = $1.1 }
            }
            for (index, (_, submission, token)) in work.enumerated() {
                let reply = try #require(replies[index])
                if let token {
                    sent.append(.join(token: token, reply: reply))
                    if case .ok(let ack, _) = reply, let id = ack.participant {
                        if let known = participants[token] { #expect(known == id, "one token, one participant") }
                        participants[token] = id
                    }
                } else if let key = submission.operationKey {
                    sent.append(.op(key: key.stored, reply: reply))
                } else {
                    sent.append(.other(reply))
                }
            }
        }

        // The instances did meet: some batches were overtaken and decided again.
        let conflicts = await a.registry.metrics.render() + b.registry.metrics.render()
        #expect(conflicts.contains("wheelhouse_store_conflicts_total"), "no conflict happened: the test tests nothing")
        // Nothing may be refused for want of the store, and nothing fails.
        for case .op(_, let reply) in sent {
            switch reply {
            case .ok, .refused: break
            default: Issue.record("unexpected reply \(reply)")
            }
        }
        // The stored history, replayed, is the one state both instances show.
        let stored = try #require(try await a.store.load(id: info.id))
        var replayed = Workshop(info: stored.info)
        for event in stored.events { replayed.apply(event) }
        let version = replayed.version
        try await waitUntil {
            let versionA = await roomA.workshop.version
            let versionB = await roomB.workshop.version
            return versionA == version && versionB == version
        }
        for role in [Role.facilitator, .board] {
            let fresh = Visibility.view(of: replayed, for: role, baseline: nil)
            #expect(await roomA.view(for: role) == fresh, "instance A's \(role) view equals the replay")
            #expect(await roomB.view(for: role) == fresh, "instance B's \(role) view equals the replay")
        }
        for (_, id) in participants {
            let answersA = await roomA.workshop.answers(of: id)
            let answersB = await roomB.workshop.answers(of: id)
            #expect(answersA == replayed.answers(of: id))
            #expect(answersB == replayed.answers(of: id))
        }
        // One token, one participant, however many hellos on however many instances.
        #expect(replayed.participants.count == Set(participants.values).count)
        // Every operation acknowledged is stored once, and both instances gave it one answer.
        let storedKeys = Set(stored.operations.map(\.key))
        #expect(storedKeys.count == stored.operations.count)
        var answers: [String: ServerMessage.Ack] = [:]
        for case .op(let key, .ok(let ack, _)) in sent {
            #expect(storedKeys.contains(key), "acked \(key) is stored")
            if let earlier = answers[key] { #expect(earlier == ack, "\(key): the same ack from both instances") }
            answers[key] = ack
        }
    }

    @Test("A commit stored by one instance reaches the other's sockets without any command there")
    func fanOut() async throws {
        let a = try await Instance.start()
        let b = try await Instance.start()
        defer { Task { try? await a.stop(); try? await b.stop() } }
        let info = try await a.registry.create(
            title: "Fan-out", language: .da, settings: Scenario.settings, framework: ScenarioWheel.framework, rerunOf: nil)
        let roomA = try #require(try await a.registry.room(id: info.id))
        let roomB = try #require(try await b.registry.room(id: info.id))
        _ = await roomA.submit(WorkshopRoom.Submission(actor: .facilitator, operationKey: nil, change: .command(.openRound(.importance))))
        try await waitUntil { await roomB.workshop.phases[.importance] == .open }
        // And a deletion on one closes the workshop on the other.
        try await a.registry.delete(id: info.id)
        try await waitUntil { await roomB.isDeleted }
        #expect(try await b.registry.room(id: info.id) == nil)
        #expect(await b.registry.liveRooms == 0)
    }

    private func waitUntil(_ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while await !condition() {
            guard ContinuousClock.now < deadline else { Issue.record("timed out"); return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
