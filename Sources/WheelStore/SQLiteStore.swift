import Foundation
import Logging
import SQLiteNIO
import WheelCore

/// The default store: one SQLite file (WAL) under the data folder.
///
/// Writes go through one queue: whatever arrives while a transaction is being written is
/// written together in the next one (group commit), so many phones voting at once cost
/// one fsync per batch, not one per vote. Reads use a second connection, which WAL lets
/// run beside the writer.
public actor SQLiteStore: WorkshopStore {
    public static let fileName = "wheelhouse.sqlite"

    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let logger: Logger
    /// Held while the store is open (nil where the folder cannot be locked, e.g. read-only).
    private let lock: DataFolderLock?
    private var pending: [(job: Job, done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    private enum Job: Sendable {
        case create(WorkshopInfo)
        case commit(Commit)
        case delete(String, DeletionReason)
        case keepUntil(String, Date)
        /// Rewrites the schema version unchanged: a write of one page, to see whether the
        /// file takes writes again after a failure.
        case probe
    }

    /// Opens (and creates or migrates) the store in `directory`; throws
    /// `DataFolderLock.LockError.held` when another process has the folder open.
    public static func open(directory: URL, logger: Logger = Logger(label: "wheelhouse.store")) async throws -> SQLiteStore {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let lock: DataFolderLock?
        do {
            lock = try DataFolderLock.acquire(directory)
        } catch .held(let path) {
            throw DataFolderLock.LockError.held(path)
        } catch {
            logger.warning("\(error)")
            lock = nil
        }
        do {
            let path = directory.appendingPathComponent(fileName).path
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            // synchronous=FULL: a commit survives a power cut, not only a crashed process.
            for pragma in ["journal_mode=WAL", "synchronous=FULL", "secure_delete=ON", "foreign_keys=ON", "busy_timeout=5000"] {
                _ = try await writer.query("PRAGMA \(pragma)")
            }
            try await migrate(writer)
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            _ = try await reader.query("PRAGMA busy_timeout=5000")
            return SQLiteStore(writer: writer, reader: reader, logger: logger, lock: lock)
        } catch {
            lock?.release()
            throw error
        }
    }

    private init(writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger, lock: DataFolderLock?) {
        self.writer = writer
        self.reader = reader
        self.logger = logger
        self.lock = lock
    }

    // MARK: Writes

    public func create(_ info: WorkshopInfo) async throws { try await enqueue(.create(info)) }
    public func commit(_ commit: Commit) async throws { try await enqueue(.commit(commit)) }
    public func delete(id: String, reason: DeletionReason) async throws { try await enqueue(.delete(id, reason)) }
    public func setKeepUntil(id: String, date: Date) async throws { try await enqueue(.keepUntil(id, date)) }
    public func probe() async throws { try await enqueue(.probe) }

    private func enqueue(_ job: Job) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((job, continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await transaction(batch.map(\.job))
                if batch.contains(where: { if case .delete = $0.job { true } else { false } }) {
                    // Deleted means gone from the file too: move the WAL's pages into the
                    // database, where secure_delete has zeroed the freed content.
                    _ = try? await writer.query("PRAGMA wal_checkpoint(TRUNCATE)")
                }
                for item in batch { item.done.resume() }
            } catch {
                // One bad job must not fail its neighbours: retry each on its own.
                for item in batch {
                    do {
                        try await transaction([item.job])
                        item.done.resume()
                    } catch {
                        item.done.resume(throwing: Self.classify(error))
                    }
                }
            }
        }
        writing = false
    }

    private func transaction(_ jobs: [Job]) async throws {
        _ = try await writer.query("BEGIN IMMEDIATE")
        do {
            // Neighbouring commits (many workshops' batches) are written together: one INSERT
            // for all their events and one for all their operations. Every statement is a round
            // trip to SQLite's thread, and on a busy machine each trip waits for a core, so a
            // transaction must cost a few statements, not two per workshop (docs/BENCHMARKS.md).
            var index = 0
            while index < jobs.count {
                var commits: [Commit] = []
                while index < jobs.count, case .commit(let commit) = jobs[index] {
                    commits.append(commit)
                    index += 1
                }
                if commits.isEmpty {
                    try await write(jobs[index])
                    index += 1
                } else {
                    try await write(commits)
                }
            }
            _ = try await writer.query("COMMIT")
        } catch {
            _ = try? await writer.query("ROLLBACK")
            throw error
        }
    }

    /// SQLite's errors that say the storage, not the change, is at fault.
    static func classify(_ error: any Error) -> any Error {
        guard let sqlite = error as? SQLiteError else { return error }
        let name = "\(sqlite.reason)"
        let storage = ["full", "ioError", "readOnly", "readonly", "cantOpen", "noMemory", "busy", "locked", "corrupt", "notADatabase"]
        return storage.contains(where: name.hasPrefix) ? StoreError.unavailable(sqlite.description) : error
    }

    private func write(_ job: Job) async throws {
        switch job {
        case .probe:
            let version = try await writer.query("PRAGMA user_version").first?.column("user_version")?.integer ?? 0
            _ = try await writer.query("PRAGMA user_version = \(version)")
        case .create(let info):
            if try await !writer.query("SELECT 1 FROM workshops WHERE join_code = ?", [.text(info.joinCode)]).isEmpty {
                throw StoreError.duplicateJoinCode(info.joinCode)
            }
            _ = try await writer.query(
                "INSERT INTO workshops (id, join_code, title, created_at, info) VALUES (?, ?, ?, ?, ?)",
                [.text(info.id), .text(info.joinCode), .text(info.title),
                 .text(StoredJSON.timestamp(info.createdAt)), .text(StoredJSON.encode(info))])
        case .commit(let commit):
            try await write([commit])
        case .delete(let id, let reason):
            // The deletion log keeps when and why, never which or what (SQLiteSchema.swift).
            _ = try await writer.query(
                "INSERT INTO deletions (created_at, deleted_at, reason) SELECT created_at, ?, ? FROM workshops WHERE id = ?",
                [.text(StoredJSON.timestamp(Date())), .text(reason.rawValue), .text(id)])
            for table in ["events", "operations"] {
                _ = try await writer.query("DELETE FROM \(table) WHERE workshop_id = ?", [.text(id)])
            }
            _ = try await writer.query("DELETE FROM workshops WHERE id = ?", [.text(id)])
        case .keepUntil(let id, let date):
            _ = try await writer.query(
                "UPDATE workshops SET keep_until = ? WHERE id = ?", [.text(StoredJSON.timestamp(date)), .text(id)])
        }
    }

    /// The events and operations of several commits, in as few statements as the rows allow.
    private func write(_ commits: [Commit]) async throws {
        var events: [[SQLiteData]] = []
        var operations: [[SQLiteData]] = []
        for commit in commits {
            for (offset, event) in commit.events.enumerated() {
                events.append([.text(commit.workshop), .integer(commit.firstSequence + offset), .text(StoredJSON.encode(event))])
            }
            for op in commit.operations {
                operations.append([.text(commit.workshop), .text(op.key), op.result.map(SQLiteData.text) ?? .null])
            }
        }
        try await insertRows(into: "events (workshop_id, seq, event)", rows: events)
        try await insertRows(into: "operations (workshop_id, op_key, result)", rows: operations, orIgnore: true)
    }

    /// Multi-row INSERTs, up to 2,000 rows per statement (SQLiteNIO allows 250,000 variables).
    private func insertRows(into table: String, rows: [[SQLiteData]], orIgnore: Bool = false) async throws {
        guard let width = rows.first?.count else { return }
        let placeholder = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 2000, rows.count)]
            let values = Array(repeating: placeholder, count: chunk.count).joined(separator: ", ")
            let verb = orIgnore ? "INSERT OR IGNORE" : "INSERT"
            _ = try await writer.query("\(verb) INTO \(table) VALUES \(values)", chunk.flatMap { $0 })
            start += chunk.count
        }
    }

    // MARK: Reads

    public func load(id: String) async throws -> StoredWorkshop? {
        guard let row = try await reader.query("SELECT info FROM workshops WHERE id = ?", [.text(id)]).first,
            let infoText = row.column("info")?.string
        else { return nil }
        let info = try StoredJSON.decode(WorkshopInfo.self, infoText)
        let events = try await reader.query(
            "SELECT event FROM events WHERE workshop_id = ? ORDER BY seq", [.text(id)]
        ).map { try StoredJSON.decode(WorkshopEvent.self, $0.column("event")?.string ?? "") }
        let operations = try await reader.query(
            "SELECT op_key, result FROM operations WHERE workshop_id = ? ORDER BY op_key", [.text(id)]
        ).map { StoredOperation(key: $0.column("op_key")?.string ?? "", result: $0.column("result")?.string) }
        return StoredWorkshop(info: info, events: events, operations: operations)
    }

    public func workshopID(joinCode: String) async throws -> String? {
        try await reader.query("SELECT id FROM workshops WHERE join_code = ?", [.text(joinCode)]).first?.column("id")?.string
    }

    public func list() async throws -> [WorkshopListing] {
        try await reader.query(
            "SELECT id, title, join_code, created_at, keep_until FROM workshops ORDER BY created_at DESC, id"
        ).map {
            WorkshopListing(
                id: $0.column("id")?.string ?? "", title: $0.column("title")?.string ?? "",
                joinCode: $0.column("join_code")?.string ?? "",
                createdAt: StoredJSON.date($0.column("created_at")?.string ?? "") ?? .distantPast,
                keepUntil: $0.column("keep_until")?.string.flatMap(StoredJSON.date))
        }
    }

    public func close() async throws {
        try await reader.close()
        try await writer.close()
        lock?.release()
    }
}
