import Foundation
import Logging
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
