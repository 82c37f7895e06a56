import Foundation
import Testing
import WheelCore
import WheelStore

/// Behaviour every `WorkshopStore` shares, run against the real SQLite file and the in-memory store.
@Suite("Workshop stores")
struct StoreBehaviourTests {
    @Test("create + load round-trips every field of WorkshopInfo", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let info = Fixture.info("w1", title: "Digital kompetence – Ældreplejen \"Nord\"", rerunOf: "w0")
            try await subject.store.create(info)
            try await subject.store.create(Fixture.info("w2"))

            let loaded = try #require(try await subject.store.load(id: "w1"))
            #expect(loaded.info == info)
            #expect(loaded.info.framework == Fixture.framework)
            #expect(loaded.info.settings.roleProfile == "sosu")
            #expect(loaded.info.rerunOf == "w0")
            #expect(loaded.events.isEmpty)
            #expect(loaded.operations.isEmpty)

            try await subject.restart()
            #expect(try await subject.store.load(id: "w1")?.info == info)
            #expect(try await subject.store.load(id: "w2")?.info.rerunOf == nil)
            #expect(try await subject.store.load(id: "nope") == nil)
        }
    }

    @Test("Commits persist and reload in sequence order, also after a restart", arguments: StoreKind.allCases)
    func commitsReloadInOrder(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            try await subject.store.create(Fixture.info("a"))
            try await subject.store.create(Fixture.info("b"))
            let eventsA = Fixture.everyEvent("a")
            let eventsB = Fixture.everyEvent("b")
            let commitsA = Fixture.commits("a", eventsA, sizes: [1, 4, 7, 6])
            let commitsB = Fixture.commits("b", eventsB, sizes: [10, 8])
            // Interleaved, as two live rooms would write.
            for commit in [commitsA[0], commitsB[0], commitsA[1], commitsA[2], commitsB[1], commitsA[3]] {
                try await subject.store.commit(commit)
            }

            func check(_ store: any WorkshopStore, extraA: [WorkshopEvent] = []) async throws {
                let a = try #require(try await store.load(id: "a"))
                let b = try #require(try await store.load(id: "b"))
                #expect(a.events == eventsA + extraA)
                #expect(b.events == eventsB)
                #expect(a.operationsByKey == ["a-op0": "{\"n\":0}", "a-op1": nil, "a-op2": "{\"n\":2}", "a-op3": nil])
                #expect(b.operationsByKey == ["b-op0": "{\"n\":0}", "b-op1": nil])
                // The stored events rebuild the same workshop.
                var workshop = Workshop(info: a.info)
                for event in a.events { workshop.apply(event) }
                #expect(workshop.version == eventsA.count + extraA.count)
                #expect(workshop.participants["a-p1"]?.name == "Åse a")
                #expect(workshop.ideas.map(\.status) == [.approved, .pending])
            }
            try await check(subject.store)
            try await subject.restart()
            try await check(subject.store)

            // Writing goes on where it stopped, and survives another restart.
            let more: [WorkshopEvent] = [.roundOpened(.level), .rated(participant: "a-p2", round: .level, competence: "data", value: 5)]
            try await subject.store.commit(Commit(
                workshop: "a", firstSequence: eventsA.count + 1, events: more, operations: [StoredOperation(key: "a-op4", result: "{}")]))
            try await subject.restart()
            let a = try #require(try await subject.store.load(id: "a"))
            #expect(a.events == eventsA + more)
            #expect(a.operationsByKey["a-op4"] == "{}")
            #expect(a.operations.count == 5)
        }
    }

    @Test("A commit may carry only operations (a retried, already applied change)", arguments: StoreKind.allCases)
    func operationsOnly(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            try await subject.store.create(Fixture.info("a"))
            try await subject.store.commit(Commit(workshop: "a", firstSequence: 1, events: [], operations: [StoredOperation(key: "k", result: nil)]))
            let a = try #require(try await subject.store.load(id: "a"))
            #expect(a.events.isEmpty)
            #expect(a.operationsByKey == ["k": nil])
        }
    }

    @Test("workshopID(joinCode:) finds the workshop by its code", arguments: StoreKind.allCases)
    func byJoinCode(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            try await subject.store.create(Fixture.info("w1", joinCode: "KAT-123"))
            try await subject.store.create(Fixture.info("w2", joinCode: "HUND-456"))
            #expect(try await subject.store.workshopID(joinCode: "KAT-123") == "w1")
            #expect(try await subject.store.workshopID(joinCode: "HUND-456") == "w2")
            #expect(try await subject.store.workshopID(joinCode: "KAT-12") == nil)
            #expect(try await subject.store.workshopID(joinCode: "w1") == nil)  // an id is not a code
            try await subject.restart()
            #expect(try await subject.store.workshopID(joinCode: "KAT-123") == "w1")
        }
    }

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
            if kind == .sqlite { #expect(stored == events) }
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
                    if kind == .sqlite {
                        #expect(loaded.events == expected, "events of \(w) in sequence order")
                    }
                    #expect(loaded.operations.count == perWorkshop)
                    #expect(loaded.operationsByKey == Dictionary(uniqueKeysWithValues: (0..<perWorkshop).map { ("op-\($0)", "\($0)") }))
                }
            }
            try await check(store)
            guard kind == .sqlite else { return }
            try await subject.restart()
            try await check(subject.store)
            // The file itself: 120 numbered events per workshop, 1...120 without gaps.
            let rows = try sqlite3(
                subject.databasePath,
                "SELECT workshop_id, COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM events GROUP BY workshop_id ORDER BY workshop_id;")
            if let rows {
                #expect(rows == workshops.map { "\($0)|120|120|1|120\n" }.joined())
            }
        }
    }

    @Test("An operation key stored twice is kept once, with its first result", arguments: StoreKind.allCases)
    func operationKeptOnce(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            try await subject.store.create(Fixture.info("a"))
            try await subject.store.create(Fixture.info("b"))
            try await subject.store.commit(Commit(
                workshop: "a", firstSequence: 1, events: [.roundOpened(.dots)],
                operations: [StoredOperation(key: "p1:op-1", result: "first")]))
            try await subject.store.commit(Commit(
                workshop: "a", firstSequence: 2, events: [.roundClosed(.dots)],
                operations: [StoredOperation(key: "p1:op-1", result: "second"), StoredOperation(key: "p1:op-2", result: nil)]))
            // The same key in another workshop is another operation.
            try await subject.store.commit(Commit(
                workshop: "b", firstSequence: 1, events: [], operations: [StoredOperation(key: "p1:op-1", result: "b")]))

            let a = try #require(try await subject.store.load(id: "a"))
            #expect(a.operations.count == 2)
            #expect(a.operations.filter { $0.key == "p1:op-1" }.map(\.result) == ["first"])
            #expect(a.operationsByKey["p1:op-2"] == .some(nil))
            #expect(a.events == [.roundOpened(.dots), .roundClosed(.dots)])
            #expect(try await subject.store.load(id: "b")?.operationsByKey == ["p1:op-1": "b"])
        }
    }

    @Test("delete(id:) removes the workshop, its events and operations, and nothing else", arguments: StoreKind.allCases)
    func delete(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let gone = Fixture.info("gone-4f1c", joinCode: "GONE-CODE")
            let kept = Fixture.info("kept-9b2e", joinCode: "KEPT-CODE")
            try await subject.store.create(gone)
            try await subject.store.create(kept)
            for (id, tag) in [(gone.id, "gone"), (kept.id, "kept")] {
                for commit in Fixture.commits(id, Fixture.everyEvent(tag), sizes: [9, 9]) {
                    try await subject.store.commit(commit)
                }
            }
            try await subject.store.delete(id: gone.id)

            #expect(try await subject.store.load(id: gone.id) == nil)
            #expect(try await subject.store.workshopID(joinCode: "GONE-CODE") == nil)
            #expect(try await subject.store.list().map(\.id) == [kept.id])
            let survivor = try #require(try await subject.store.load(id: kept.id))
            #expect(survivor.events == Fixture.everyEvent("kept"))
            #expect(survivor.operations.count == 2)
            // Deleting twice, or something unknown, is harmless.
            try await subject.store.delete(id: gone.id)
            try await subject.store.delete(id: "never-was")

            try await subject.restart()
            #expect(try await subject.store.load(id: gone.id) == nil)

            if kind == .sqlite, let dump = try sqlite3(subject.databasePath, ".dump") {
                // The check can see data: the kept workshop is there.
                #expect(dump.contains(kept.id))
                #expect(dump.contains("Åse kept"))
                for trace in [gone.id, "GONE-CODE", "fac-\(gone.id)", "Åse gone", "Ålborg-Åse gone", "gone-tok1", "\(gone.id)-op0"] {
                    #expect(!dump.contains(trace), "the file still mentions \(trace)")
                }
                let counts = try sqlite3(
                    subject.databasePath,
                    "SELECT (SELECT COUNT(*) FROM workshops WHERE id = '\(gone.id)'), (SELECT COUNT(*) FROM events WHERE workshop_id = '\(gone.id)'), (SELECT COUNT(*) FROM operations WHERE workshop_id = '\(gone.id)'), (SELECT COUNT(*) FROM events);")
                #expect(counts == "0|0|0|\(Fixture.everyEvent("kept").count)\n")
            }

            // The code is free again.
            try await subject.store.create(Fixture.info("reborn", joinCode: "GONE-CODE"))
            #expect(try await subject.store.workshopID(joinCode: "GONE-CODE") == "reborn")
            #expect(try await subject.store.load(id: "reborn")?.events.isEmpty == true)
        }
    }

    @Test("A commit that arrives after delete(id:) leaves nothing behind", arguments: StoreKind.allCases)
    func commitAfterDelete(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let id = "late-vote-7d3a"
            try await subject.store.create(Fixture.info(id))
            try await subject.store.commit(Commit(workshop: id, firstSequence: 1, events: Fixture.everyEvent("early"), operations: []))
            try await subject.store.delete(id: id)
            // A live room's last batch reaching the store just after the delete. Refusing it
            // or ignoring it are both fine; storing it is not.
            let late = Fixture.everyEvent("straggler")
            try? await subject.store.commit(Commit(
                workshop: id, firstSequence: 19, events: late, operations: [StoredOperation(key: "op", result: nil)]))
            #expect(try await subject.store.load(id: id) == nil)

            var orphanRows: String?
            if kind == .sqlite {
                orphanRows = try sqlite3(
                    subject.databasePath,
                    "SELECT (SELECT COUNT(*) FROM events WHERE workshop_id = '\(id)') + (SELECT COUNT(*) FROM operations WHERE workshop_id = '\(id)');")
            }
            // The same id again must start empty, not inherit the stragglers.
            try await subject.store.create(Fixture.info(id, joinCode: "NEW-CODE"))
            let reborn = try #require(try await subject.store.load(id: id))
            if let orphanRows { #expect(orphanRows == "0\n", "orphan rows for the deleted workshop") }
            #expect(reborn.events.isEmpty)
            #expect(reborn.operations.isEmpty)
        }
    }

    @Test("list() shows the newest workshop first", arguments: StoreKind.allCases)
    func listOrdering(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let base = Fixture.createdAt
            let infos = [
                Fixture.info("middle", title: "Midt", createdAt: base.addingTimeInterval(3600)),
                Fixture.info("oldest", title: "Ældst", createdAt: base),
                Fixture.info("newest", title: "Nyest", createdAt: base.addingTimeInterval(86_400 * 400)),
                Fixture.info("second", title: "Et sekund efter", createdAt: base.addingTimeInterval(1)),
            ]
            #expect(try await subject.store.list().isEmpty)
            for info in infos { try await subject.store.create(info) }

            let listing = try await subject.store.list()
            #expect(listing.map(\.id) == ["newest", "middle", "second", "oldest"])
            let expected = infos.map { WorkshopListing(id: $0.id, title: $0.title, joinCode: $0.joinCode, createdAt: $0.createdAt) }
            #expect(Set(listing) == Set(expected))

            try await subject.restart()
            #expect(try await subject.store.list().map(\.id) == ["newest", "middle", "second", "oldest"])
        }
    }

    @Test("createdAt keeps sub-second precision, in load and in list order", arguments: StoreKind.allCases)
    func subSecondDates(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            // What the server does: createdAt = Date(), with fractions of a second.
            let early = Fixture.info("early", createdAt: Fixture.createdAt.addingTimeInterval(0.125))
            let late = Fixture.info("late", createdAt: Fixture.createdAt.addingTimeInterval(0.875))
            // Created latest-first, so an unsorted listing would be in the wrong order.
            try await subject.store.create(early)
            try await subject.store.create(late)
            let loaded = try await subject.store.load(id: "early")?.info
            let listing = try await subject.store.list()
            #expect(loaded == early)
            #expect(listing.map(\.id) == ["late", "early"])
            #expect(listing.map(\.createdAt) == [late.createdAt, early.createdAt])
        }
    }

    @Test("Commits that arrive out of order reload in sequence order", arguments: StoreKind.allCases)
    func outOfOrderCommits(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            try await subject.store.create(Fixture.info("a"))
            let events = Fixture.everyEvent("a")
            let commits = Fixture.commits("a", events, sizes: [5, 5, 8])
            for commit in [commits[2], commits[0], commits[1]] { try await subject.store.commit(commit) }
            let loaded = try await subject.store.load(id: "a")?.events
            #expect(loaded == events)
        }
    }
}
