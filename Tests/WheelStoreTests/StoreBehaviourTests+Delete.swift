import Foundation
import Testing
import WheelCore
import WheelStore

extension StoreBehaviourTests {
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
}
