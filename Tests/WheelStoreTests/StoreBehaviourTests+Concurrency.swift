import Foundation
import Testing
import WheelCore
import WheelStore

extension StoreBehaviourTests {
    private enum Outcome: Sendable, Equatable {
        case ok(String)
        case failed(String, StoreError?)
    }

    @Test("A duplicate join code is refused while jobs queued beside it succeed", arguments: StoreKind.allCases)
    func duplicateJoinCode(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            try await store.create(Fixture.info("first", joinCode: "SAME"))

            let events = Fixture.everyEvent("first")
            let commits = Fixture.commits("first", events, sizes: Array(repeating: 1, count: events.count))
            let outcomes = await withTaskGroup(of: Outcome.self, returning: [Outcome].self) { group in
                group.addTask {
                    do {
                        try await store.create(Fixture.info("clash", joinCode: "SAME"))
                        return .ok("clash")
                    } catch {
                        return .failed("clash", error as? StoreError)
                    }
                }
                group.addTask {
                    do {
                        try await store.create(Fixture.info("other", joinCode: "OTHER"))
                        return .ok("other")
                    } catch {
                        return .failed("other", error as? StoreError)
                    }
                }
                for (n, commit) in commits.enumerated() {
                    group.addTask {
                        do {
                            try await store.commit(commit)
                            return .ok("commit-\(n)")
                        } catch {
                            return .failed("commit-\(n)", error as? StoreError)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }

            #expect(outcomes.contains(.failed("clash", .duplicateJoinCode("SAME"))))
            #expect(outcomes.filter { if case .failed = $0 { true } else { false } }.count == 1)
            #expect(outcomes.contains(.ok("other")))
            #expect(try await store.load(id: "clash") == nil)
            #expect(try await store.workshopID(joinCode: "SAME") == "first")
            #expect(try await store.workshopID(joinCode: "OTHER") == "other")
            let stored = try #require(try await store.load(id: "first")).events
            // Every concurrent commit landed (the in-memory store keeps arrival order, see outOfOrderCommits).
            #expect(stored.count == events.count)
            #expect(Set(stored) == Set(events))
            if kind.isDurable { #expect(stored == events) }
            #expect(try await store.list().map(\.id).sorted() == ["first", "other"])
        }
    }

    @Test("Two new workshops with the same join code at once: exactly one wins", arguments: StoreKind.allCases)
    func duplicateInOneBatch(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let results = await withTaskGroup(of: (String, Bool).self, returning: [String: Bool].self) { group in
                for id in ["x", "y", "z"] {
                    group.addTask {
                        do {
                            try await store.create(Fixture.info(id, joinCode: "TWIN"))
                            return (id, true)
                        } catch StoreError.duplicateJoinCode("TWIN") {
                            return (id, false)
                        } catch {
                            Issue.record("Unexpected error \(error)")
                            return (id, false)
                        }
                    }
                }
                group.addTask {
                    do { try await store.create(Fixture.info("solo", joinCode: "SOLO")); return ("solo", true) } catch { return ("solo", false) }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let winners = ["x", "y", "z"].filter { results[$0] == true }
            #expect(winners.count == 1)
            #expect(results["solo"] == true)
            let winner = try #require(winners.first)
            #expect(try await store.workshopID(joinCode: "TWIN") == winner)
            #expect(try await store.list().count == 2)
        }
    }

    @Test("200 concurrent commits across 5 workshops all land, numbered, nothing lost", arguments: StoreKind.allCases)
    func concurrentCommits(kind: StoreKind) async throws {
        let workshops = (0..<5).map { "w\($0)" }
        let perWorkshop = 40
        let eventsPerCommit = 3
        // Event number `seq` of workshop `w` says so, so order and completeness can be checked.
        func event(_ w: String, _ seq: Int) -> WorkshopEvent { .renamed(participant: "\(w)-p", name: "seq \(seq)") }
        var commits: [Commit] = []
        for w in workshops {
            for k in 0..<perWorkshop {
                let first = k * eventsPerCommit + 1
                commits.append(Commit(
                    workshop: w, firstSequence: first, events: (first..<first + eventsPerCommit).map { event(w, $0) },
                    operations: [StoredOperation(key: "op-\(k)", result: "\(k)")]))
            }
        }
        var rng = SystemRandomNumberGenerator()
        commits.shuffle(using: &rng)
        #expect(commits.count == 200)

        try await withStore(kind) { subject in
            for w in workshops { try await subject.store.create(Fixture.info(w)) }
            let store = subject.store
            try await withThrowingTaskGroup(of: Void.self) { group in
                for commit in commits { group.addTask { try await store.commit(commit) } }
                try await group.waitForAll()
            }

            func check(_ store: any WorkshopStore) async throws {
                for w in workshops {
                    let loaded = try #require(try await store.load(id: w))
                    let expected = (1...perWorkshop * eventsPerCommit).map { event(w, $0) }
                    #expect(loaded.events.count == expected.count)
                    // Nothing lost, nothing doubled, nothing from another workshop.
                    #expect(Set(loaded.events) == Set(expected))
                    if kind.isDurable {
                        #expect(loaded.events == expected, "events of \(w) in sequence order")
                    }
                    #expect(loaded.operations.count == perWorkshop)
                    #expect(loaded.operationsByKey == Dictionary(uniqueKeysWithValues: (0..<perWorkshop).map { ("op-\($0)", "\($0)") }))
                }
            }
            try await check(store)
            guard kind.isDurable else { return }
            try await subject.restart()
            try await check(subject.store)
            guard kind == .sqlite else { return }
            // The file itself: 120 numbered events per workshop, 1...120 without gaps.
            let rows = try sqlite3(
                subject.databasePath,
                "SELECT workshop_id, COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM events GROUP BY workshop_id ORDER BY workshop_id;")
            if let rows {
                #expect(rows == workshops.map { "\($0)|120|120|1|120\n" }.joined())
            }
        }
    }
}
