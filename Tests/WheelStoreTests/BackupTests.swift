import Foundation
import Logging
import SQLiteNIO
import Testing
import WheelCore

@testable import WheelStore

/// The data folder's lock and the backup copy, on real files.
@Suite struct BackupTests {
    private func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wheelstore-backup-\(UUID().uuidString)")
    }

    @Test("An open store holds its folder: a second open is refused until the first closes")
    func oneStorePerFolder() async throws {
        let directory = folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await SQLiteStore.open(directory: directory)
        await #expect(throws: DataFolderLock.LockError.held(directory.path)) {
            _ = try await SQLiteStore.open(directory: directory)
        }
        try await first.close()
        let second = try await SQLiteStore.open(directory: directory)
        try await second.close()
    }

    @Test("A backup of a live store restores to the same workshops and events")
    func backupRoundTrip() async throws {
        let directory = folder(), elsewhere = folder()
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let store = try await SQLiteStore.open(directory: directory)
        let info = WorkshopInfo(
            id: "w1", title: "Backup", joinCode: "ACDEFG", facilitatorToken: "t", language: .da,
            settings: .defaults, framework: Framework(plugins: [], dimensions: []), createdAt: Date(), rerunOf: nil)
        try await store.create(info)
        try await store.commit(Commit(
            workshop: "w1", firstSequence: 1, events: [.joined(participant: "p1", token: "tok", name: nil, proxy: false)],
            operations: []))
        let file = directory.appendingPathComponent("copy.sqlite")
        let logger = Logger(label: "test")
        let summary = try await SQLiteBackup.backup(directory: directory, to: file, logger: logger)
        #expect(summary.workshops == 1 && summary.events == 1)
        await #expect(throws: SQLiteBackup.BackupError.exists(file.path)) {
            _ = try await SQLiteBackup.backup(directory: directory, to: file, logger: logger)
        }
        // Not while the store is open in that folder.
        await #expect(throws: DataFolderLock.LockError.held(directory.path)) {
            _ = try await SQLiteBackup.restore(from: file, into: directory, logger: logger)
        }
        try await store.close()
        _ = try await SQLiteBackup.restore(from: file, into: elsewhere, logger: logger)
        let restored = try await SQLiteStore.open(directory: elsewhere)
        let loaded = try #require(try await restored.load(id: "w1"))
        #expect(loaded.info.title == "Backup")
        #expect(loaded.events.count == 1)
        try await restored.close()
    }
}

/// A store written by the first schema opens under the current one: the upgrade adds the
/// retention column and the deletion log, and keeps every workshop.
@Suite struct SchemaUpgradeTests {
    @Test func aVersion1StoreIsUpgraded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wheelstore-v1-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(SQLiteStore.fileName).path
        let old = try await SQLiteConnection.open(storage: .file(path: path), logger: Logger(label: "test"))
        for statement in [
            "CREATE TABLE workshops (id TEXT PRIMARY KEY, join_code TEXT NOT NULL UNIQUE, title TEXT NOT NULL, created_at TEXT NOT NULL, info TEXT NOT NULL)",
            "CREATE TABLE events (workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE, seq INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (workshop_id, seq)) WITHOUT ROWID",
            "CREATE TABLE operations (workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE, op_key TEXT NOT NULL, result TEXT, PRIMARY KEY (workshop_id, op_key)) WITHOUT ROWID",
            "INSERT INTO workshops VALUES ('w1', 'ACDEFG', 'Old', '2026-01-01T00:00:00Z', '{}')",
            "PRAGMA user_version = 1",
        ] {
            _ = try await old.query(statement)
        }
        try await old.close()
        let store = try await SQLiteStore.open(directory: directory)
        let listing = try await store.list()
        #expect(listing.map(\.id) == ["w1"])
        #expect(listing.first?.keepUntil == nil)
        let later = Date(timeIntervalSince1970: 1_900_000_000)
        try await store.setKeepUntil(id: "w1", date: later)
        #expect(try await store.list().first?.keepUntil == later)
        try await store.delete(id: "w1", reason: .retention)
        #expect(try await store.list().isEmpty)
        try await store.close()
    }
}
