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

    @Test("An operation key stored twice is kept once, with its first result", arguments: StoreKind.allCases)
    func operationKeptOnce(kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            try await subject.store.create(Fixture.info("a"))
            try await subject.store.create(Fixture.info("b"))
            try await subject.store.commit(Commit(
                workshop: "a", firstSequence: 1, events: [.roundOpened(.dots)],
                operations: [StoredOperation(key: "p1:op-1", result: "first")]))
            let again = Commit(
                workshop: "a", firstSequence: 2, events: [.roundClosed(.dots)],
                operations: [StoredOperation(key: "p1:op-1", result: "second"), StoredOperation(key: "p1:op-2", result: nil)])
            if subject.store.isShared {
                // Several instances: a key already stored means another instance took the
                // operation first; nothing of this commit is written, the room reads and decides again.
                await #expect(throws: StoreError.conflict) { try await subject.store.commit(again) }
                try await subject.store.commit(Commit(
                    workshop: "a", firstSequence: 2, events: [.roundClosed(.dots)],
                    operations: [StoredOperation(key: "p1:op-2", result: nil)]))
            } else {
                try await subject.store.commit(again)
            }
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
