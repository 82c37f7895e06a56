import Foundation
import Synchronization
import Testing
import WheelCore
import WheelStore

/// What only a store shared by several instances does: refuse the second of two commits that
/// claim the same sequence numbers or operation, migrate once when instances start together,
/// and tell every instance about every commit. Against a real PostgreSQL server.
@Suite("PostgreSQL store, shared by instances", .enabled(if: TestPostgres.serverURL != nil))
struct PostgresStoreTests {
    /// Two stores on one new database, as two instances would hold.
    private func withTwoInstances(_ body: (any WorkshopStore, any WorkshopStore) async throws -> Void) async throws {
        let url = try await TestPostgres.makeDatabase()
        let a = try await PostgresStore.open(url: url)
        let b = try await PostgresStore.open(url: url)
        do {
            try await body(a, b)
        } catch {
            try? await a.close()
            try? await b.close()
            try? await TestPostgres.dropDatabase(url)
            throw error
        }
        try await a.close()
        try await b.close()
        try await TestPostgres.dropDatabase(url)
    }

    @Test("Two instances appending the same sequence numbers at once: exactly one wins, nothing of the other is stored")
    func sameSequenceConflicts() async throws {
        try await withTwoInstances { a, b in
            try await a.create(Fixture.info("w"))
            for round in 0..<20 {
                let first = round * 2 + 1
                let commitA = Commit(
                    workshop: "w", firstSequence: first, events: [.roundOpened(.dots), .roundClosed(.dots)],
                    operations: [StoredOperation(key: "a:\(round)", result: nil)])
                let commitB = Commit(
                    workshop: "w", firstSequence: first, events: [.roundOpened(.importance), .roundClosed(.importance)],
                    operations: [StoredOperation(key: "b:\(round)", result: nil)])
                async let resultA = outcome { try await a.commit(commitA) }
                async let resultB = outcome { try await b.commit(commitB) }
                let outcomes = await [resultA, resultB]
                let wins = outcomes.filter { if case .success = $0 { true } else { false } }.count
                #expect(wins == 1, "round \(round): \(outcomes)")
                for case .failure(let error) in outcomes { #expect(error as? StoreError == .conflict) }
            }
            let stored = try #require(try await b.load(id: "w"))
            #expect(stored.events.count == 40)
            // The winner's operation only, once per round.
            #expect(stored.operations.count == 20)
            #expect(try await a.events(of: "w", after: 38)?.count == 2)
            #expect(try await a.events(of: "gone", after: 0) == nil)
        }
    }

    @Test("The same operation from two instances counts once: the later commit conflicts")
    func operationOnceAcrossInstances() async throws {
        try await withTwoInstances { a, b in
            try await a.create(Fixture.info("w"))
            try await a.commit(Commit(
                workshop: "w", firstSequence: 1, events: [.roundOpened(.dots)],
                operations: [StoredOperation(key: "p1:op-1", result: "first")]))
            await #expect(throws: StoreError.conflict) {
                try await b.commit(Commit(
                    workshop: "w", firstSequence: 2, events: [.roundClosed(.dots)],
                    operations: [StoredOperation(key: "p1:op-1", result: "second")]))
            }
            #expect(try await b.operations(of: "w", keys: ["p1:op-1", "p1:other"]) == [StoredOperation(key: "p1:op-1", result: "first")])
            #expect(try await b.load(id: "w")?.events == [.roundOpened(.dots)])
        }
    }

    @Test("Instances starting together on a new database migrate it once")
    func migrationsOnce() async throws {
        let url = try await TestPostgres.makeDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.open(url: url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await stores[0].create(Fixture.info("w"))
        #expect(try await stores[3].load(id: "w")?.info.id == "w")
        for store in stores { try await store.close() }
        // And a later start finds everything applied.
        let again = try await PostgresStore.open(url: url)
        #expect(try await again.list().map(\.id) == ["w"])
        try await again.close()
        try await TestPostgres.dropDatabase(url)
    }

    @Test("Every instance hears of every commit and deletion: first a resync, then workshop and seq")
    func notifications() async throws {
        try await withTwoInstances { a, b in
            let heard = Mutex<[StoreNotice]>([])
            let feed = try #require(b as? any WorkshopFeed)
            let follower = Task { await feed.follow { notice in heard.withLock { $0.append(notice) } } }
            defer { follower.cancel() }
            try await waitUntil { heard.withLock { $0.contains(.resync) } }
            try await a.create(Fixture.info("w"))
            try await a.commit(Commit(workshop: "w", firstSequence: 1, events: Fixture.everyEvent("x"), operations: []))
            let last = Fixture.everyEvent("x").count
            try await waitUntil { heard.withLock { $0.contains(.changed(workshop: "w", sequence: last)) } }
            try await a.delete(id: "w")
            try await waitUntil { heard.withLock { $0.contains(.changed(workshop: "w", sequence: nil)) } }
            #expect(heard.withLock { $0.first } == .resync)
        }
    }

    @Test("A database that is not there: a typed unavailable error that names it, not a hang")
    func unreachable() async throws {
        // It returns at all (the start limit), and says why: the database is unavailable.
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresStore.open(url: "postgres://nobody@127.0.0.1:1/none", limit: .seconds(2), startLimit: .seconds(3))
        }
        guard case .unavailable(let why) = error else { Issue.record("not unavailable: \(String(describing: error))"); return }
        #expect(why.contains("127.0.0.1:1"), "the message names the database: \(why)")
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { Issue.record("timed out"); return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

@Suite("The store suite's PostgreSQL")
struct PostgresConfiguredTests {
    @Test("scripts/test runs the store suite against a real PostgreSQL server")
    func configured() {
        guard ProcessInfo.processInfo.environment["WHEELHOUSE_REQUIRE_POSTGRES"] == "1" else { return }
        #expect(TestPostgres.serverURL != nil, "WHEELHOUSE_TEST_POSTGRES is not set")
    }
}

private func outcome(_ body: @Sendable () async throws -> Void) async -> Result<Void, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

/// The store URL as an operator writes it, and the notification payloads: no server needed.
@Suite("PostgreSQL URL and notices")
struct PostgresLocationTests {
    @Test("Good URLs pass, broken ones say why, and no message shows the password")
    func urls() {
        for good in [
            "postgres://wheel@db.example.dk/wheelhouse", "postgresql://wheel:s3cret@10.0.0.5:5433/wh?sslmode=verify-full",
            "postgres://wheel@127.0.0.1/wh?sslmode=disable", "postgres://wheel@h/wh?sslmode=require",
        ] {
            #expect(PostgresLocation.problem(good) == nil, "\(good)")
        }
        #expect(PostgresLocation.problem("postgres://db.example.dk/wh") != nil, "no user")
        #expect(PostgresLocation.problem("mysql://u@h/d") != nil)
        #expect(PostgresLocation.problem("postgres://u@h/d?sslmode=maybe")?.contains("sslmode") == true)
        #expect(PostgresLocation.redacted("postgres://wheel:s3cret@h:5432/wh") == "postgres://wheel:***@h:5432/wh")
        #expect(!PostgresLocation.redacted("postgress://wheel:s3cret@h/wh").contains("s3cret"))
        #expect(!PostgresLocation.redacted("postgres://wheel:p@ss@h/wh").contains("p@ss"))
        #expect(PostgresLocation.redacted("postgres://wheel@h/wh") == "postgres://wheel@h/wh")
    }

    @Test("Notification payloads: workshop and seq, a deletion, and anything else ignored")
    func payloads() {
        #expect(StoreNotice(payload: "wAbc:17") == .changed(workshop: "wAbc", sequence: 17))
        #expect(StoreNotice(payload: "wAbc") == .changed(workshop: "wAbc", sequence: nil))
        for junk in ["", ":5", "w:x", "w:1:2", "w:"] { #expect(StoreNotice(payload: junk) == nil, "\(junk)") }
    }
}
