import Logging
import Testing
import WheelCore
import WheelProtocol
import WheelStore
import WheelChecks

@testable import WheelServer

/// Rooms live in memory only while they are used: memory follows the live workshops, not
/// every workshop ever opened, and a released workshop comes back from the store intact.
@Suite struct RoomRegistryTests {
    private func registry(_ store: any WorkshopStore = InMemoryStore()) -> RoomRegistry {
        RoomRegistry(store: store, logger: Logger(label: "test"), metrics: ServerMetrics())
    }

    private func create(_ registry: RoomRegistry, _ title: String) async throws -> WorkshopRoom {
        let info = try await registry.create(
            title: title, language: .da, settings: .defaults, framework: ScenarioWheel.framework, rerunOf: nil)
        return try #require(try await registry.room(id: info.id))
    }

    @Test("After 200 workshops, only those with sockets stay in memory")
    func memoryFollowsLiveWorkshops() async throws {
        let registry = registry()
        var live: [WorkshopRoom] = []
        for n in 0..<200 {
            let room = try await create(registry, "Workshop \(n)")
            if n % 50 == 0 {
                _ = await room.attach(role: .board, outbox: Outbox(), you: nil)
                live.append(room)
            }
        }
        #expect(await registry.liveRooms == 200)
        await registry.releaseIdleRooms(idleFor: .seconds(3600))
        #expect(await registry.liveRooms == 200, "nothing is idle for an hour yet")
        await registry.releaseIdleRooms(idleFor: .zero)
        #expect(await registry.liveRooms == live.count)
    }

    @Test("A released room takes nothing; the workshop reloads from the store with its votes")
    func releasedWorkshopComesBack() async throws {
        let registry = registry()
        let room = try await create(registry, "Re-loaded")
        let join = await room.submit(.init(
            actor: .participant("p1"), operationKey: nil,
            change: .join(participant: "p1", token: "token-token-token-1", name: nil, proxy: false)))
        guard case .ok = join else { Issue.record("join: \(join)"); return }
        _ = await room.submit(.init(actor: .facilitator, operationKey: nil, change: .command(.openRound(.importance))))
        let competence = ScenarioWheel.framework.competences[0].id
        let vote = OperationKey(sender: .participant("p1"), opId: "v1")
        _ = await room.submit(.init(
            actor: .participant("p1"), operationKey: vote,
            change: .command(.rate(round: .importance, competence: competence, value: 4))))

        await registry.releaseIdleRooms(idleFor: .zero)
        #expect(await registry.liveRooms == 0)
        let late = await room.submit(.init(actor: .facilitator, operationKey: nil, change: .command(.closeRound(.importance))))
        guard case .released = late else { Issue.record("a released room took a change: \(late)"); return }
        #expect(await room.attach(role: .board, outbox: Outbox(), you: nil) == nil)

        let again = try #require(try await registry.room(id: room.id))
        #expect(again !== room)
        #expect(await again.workshop.answers(of: "p1").importance[competence] == 4)
        // The remembered operation came back too: a retry is still a retry.
        let retry = await again.submit(.init(
            actor: .participant("p1"), operationKey: vote,
            change: .command(.rate(round: .importance, competence: competence, value: 4))))
        guard case .ok(_, let fresh) = retry else { Issue.record("retry: \(retry)"); return }
        #expect(!fresh)
    }
}
