import Foundation
import Testing
import WheelCore
import WheelStore

/// What only the SQLite file store promises: a real file, one transaction per batch.
@Suite("SQLite store file")
struct SQLiteFileTests {
    @Test("The store is one SQLite file in WAL mode with the expected schema")
    func fileAndSchema() async throws {
        try await withStore(.sqlite) { subject in
            try await subject.store.create(Fixture.info("w1"))
            #expect(FileManager.default.fileExists(atPath: subject.databasePath))
            guard let mode = try sqlite3(subject.databasePath, "PRAGMA journal_mode;") else { return }
            #expect(mode == "wal\n")
            // Version 2 added retention: a keep-until column and the deletion log.
            #expect(try sqlite3(subject.databasePath, "PRAGMA user_version;") == "2\n")
            #expect(try sqlite3(subject.databasePath, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;")
                == "deletions\nevents\noperations\nworkshops\n")
        }
    }

    @Test("Reopening an existing file keeps its data (migration runs once)")
    func reopenKeepsData() async throws {
        try await withStore(.sqlite) { subject in
            try await subject.store.create(Fixture.info("w1"))
            try await subject.store.commit(Commit(workshop: "w1", firstSequence: 1, events: Fixture.everyEvent("w1"), operations: []))
            for _ in 0..<3 { try await subject.restart() }
            #expect(try await subject.store.load(id: "w1")?.events == Fixture.everyEvent("w1"))
            #expect(try await subject.store.list().map(\.id) == ["w1"])
        }
    }

    @Test("A commit that reuses a stored sequence number fails alone; its neighbours land")
    func duplicateSequence() async throws {
        try await withStore(.sqlite) { subject in
            let store = subject.store
            try await store.create(Fixture.info("a"))
            try await store.commit(Commit(workshop: "a", firstSequence: 1, events: [.roundOpened(.dots)], operations: []))
            let outcomes = await withTaskGroup(of: (String, Bool).self, returning: [String: Bool].self) { group in
                group.addTask {
                    do {
                        try await store.commit(Commit(
                            workshop: "a", firstSequence: 1, events: [.roundOpened(.ideas)],
                            operations: [StoredOperation(key: "bad", result: nil)]))
                        return ("clash", true)
                    } catch { return ("clash", false) }
                }
                for n in 2...6 {
                    group.addTask {
                        do {
                            try await store.commit(Commit(
                                workshop: "a", firstSequence: n, events: [.renamed(participant: "p", name: "\(n)")],
                                operations: [StoredOperation(key: "good-\(n)", result: nil)]))
                            return ("\(n)", true)
                        } catch { return ("\(n)", false) }
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes["clash"] == false)
            #expect((2...6).allSatisfy { outcomes["\($0)"] == true })
            let a = try #require(try await store.load(id: "a"))
            #expect(a.events == [.roundOpened(.dots)] + (2...6).map { .renamed(participant: "p", name: "\($0)") })
            // The failed commit was rolled back whole: its operation is not stored either.
            #expect(a.operationsByKey["bad"] == nil)
            #expect(a.operations.count == 5)
        }
    }

    @Test("Events are stored as JSON text, one row per event")
    func storedAsJSON() async throws {
        try await withStore(.sqlite) { subject in
            try await subject.store.create(Fixture.info("w1"))
            try await subject.store.commit(Commit(
                workshop: "w1", firstSequence: 1,
                events: [.rated(participant: "p1", round: .level, competence: "data", value: 3)], operations: []))
            guard let row = try sqlite3(subject.databasePath, "SELECT seq, json_valid(event), event FROM events;") else { return }
            #expect(row.hasPrefix("1|1|"))
            #expect(row.contains("\"p1\""))
            #expect(row.contains("\"level\""))
        }
    }

    @Test("A deleted workshop's names and ideas leave the bytes on disk at once, not only the query results")
    func deletedBytesOnDisk() async throws {
        let name = "Zebulon Quaxworth"
        let idea = "Hemmelig idé om frokostordningen"
        try await withStore(.sqlite) { subject in
            try await subject.store.create(Fixture.info("doomed"))
            try await subject.store.create(Fixture.info("kept"))
            // Enough rows to fill several pages, so whole pages are freed by the delete.
            var events: [WorkshopEvent] = (0..<300).map {
                .joined(participant: "p\($0)", token: "tok\($0)", name: "\(name) \($0)", proxy: false)
            }
            events.append(.ideaSubmitted(idea: "i1", participant: "p1", text: idea, competence: nil))
            try await subject.store.commit(Commit(workshop: "doomed", firstSequence: 1, events: events, operations: []))
            try await subject.store.commit(Commit(
                workshop: "kept", firstSequence: 1,
                events: [.joined(participant: "p1", token: "tok2", name: "Kept Person", proxy: false)], operations: []))
            try await subject.restart()  // a checkpoint: the rows are in the main file too, not only in the WAL
            try await subject.store.commit(Commit(
                workshop: "doomed", firstSequence: 302,
                events: [.renamed(participant: "p2", name: "\(name) renamed")], operations: []))

            let directory = subject.directory
            func files(containing needle: String) throws -> [String] {
                try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { file in
                    let data = try Data(contentsOf: directory.appendingPathComponent(file))
                    return data.range(of: Data(needle.utf8)) != nil
                }
            }
            // The check can see what is there.
            #expect(try files(containing: name).isEmpty == false)
            #expect(try files(containing: "Kept Person").isEmpty == false)

            try await subject.store.delete(id: "doomed")
            // While the server keeps running: the main file, the WAL and the shared-memory file.
            #expect(try files(containing: name) == [])
            #expect(try files(containing: idea) == [])
            #expect(try files(containing: "Kept Person").isEmpty == false)
            #expect(try await subject.store.load(id: "kept")?.events.count == 1)

            try await subject.restart()
            #expect(try files(containing: name) == [])
            #expect(try await subject.store.load(id: "doomed") == nil)
        }
    }
}
