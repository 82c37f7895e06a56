import Foundation
import Logging
import SQLiteNIO

/// `wheelhouse backup` and `wheelhouse restore`: a consistent copy of the store, taken while
/// the server serves, and putting one back while it does not.
///
/// The copy is SQLite's own `VACUUM INTO`, run on a connection of its own: it reads inside one
/// transaction, so in WAL mode it sees every commit made before it began and none after, while
/// the server goes on writing. The copy is a fresh file (no free pages, nothing deleted lingers
/// in it), checked with `PRAGMA integrity_check` before it is reported.
public enum SQLiteBackup {
    public struct Summary: Sendable, Equatable {
        public var workshops: Int
        public var events: Int
        public var bytes: Int
    }

    public enum BackupError: Error, Equatable, CustomStringConvertible {
        case noStore(String)
        case exists(String)
        case notAStore(String)

        public var description: String {
            switch self {
            case .noStore(let path): "No Wheelhouse store at \(path)."
            case .exists(let path): "\(path) exists already; choose a new file name."
            case .notAStore(let why): "Not a Wheelhouse backup: \(why)."
            }
        }
    }

    /// Copies the store in `directory` to `file` (which must not exist yet).
    public static func backup(directory: URL, to file: URL, logger: Logger) async throws -> Summary {
        let source = directory.appendingPathComponent(SQLiteStore.fileName)
        guard FileManager.default.fileExists(atPath: source.path) else { throw BackupError.noStore(source.path) }
        guard !FileManager.default.fileExists(atPath: file.path) else { throw BackupError.exists(file.path) }
        let connection = try await SQLiteConnection.open(storage: .file(path: source.path), logger: logger)
        do {
            _ = try await connection.query("PRAGMA busy_timeout=10000")
            _ = try await connection.query("VACUUM INTO ?", [.text(file.path)])
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        return try await check(file, logger: logger)
    }

    /// Puts the backup `file` in place of the store in `directory`. Refuses while a server has
    /// the folder (`DataFolderLock`); the store it replaces is kept beside it, renamed
    /// `wheelhouse.sqlite.before-restore-<time>` (with its -wal and -shm files).
    public static func restore(from file: URL, into directory: URL, logger: Logger) async throws -> Summary {
        let summary = try await check(file, logger: logger)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let lock = try DataFolderLock.acquire(directory)
        defer { lock.release() }
        let store = directory.appendingPathComponent(SQLiteStore.fileName)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        for suffix in ["", "-wal", "-shm"] {
            let existing = URL(fileURLWithPath: store.path + suffix)
            guard FileManager.default.fileExists(atPath: existing.path) else { continue }
            let aside = URL(fileURLWithPath: store.path + ".before-restore-\(stamp)" + suffix)
            try FileManager.default.moveItem(at: existing, to: aside)
        }
        try FileManager.default.copyItem(at: file, to: store)
        return summary
    }

    /// Opens `file` and checks that it is a whole Wheelhouse store.
    static func check(_ file: URL, logger: Logger) async throws -> Summary {
        guard FileManager.default.fileExists(atPath: file.path) else { throw BackupError.notAStore("\(file.path) does not exist") }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: file.path), logger: logger)
        } catch {
            throw BackupError.notAStore("\(error)")
        }
        do {
            let summary = try await summarize(file, connection)
            try await connection.close()
            return summary
        } catch {
            try? await connection.close()
            if let error = error as? BackupError { throw error }
            throw BackupError.notAStore("\(error)")
        }
    }

    private static func summarize(_ file: URL, _ connection: SQLiteConnection) async throws -> Summary {
        let integrity = try await connection.query("PRAGMA integrity_check").first?.column("integrity_check")?.string
        guard integrity == "ok" else { throw BackupError.notAStore("integrity check: \(integrity ?? "no answer")") }
        let version = try await connection.query("PRAGMA user_version").first?.column("user_version")?.integer ?? 0
        guard version >= 1 else { throw BackupError.notAStore("no Wheelhouse schema") }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        return Summary(
            workshops: try await count("workshops", connection), events: try await count("events", connection), bytes: bytes)
    }

    private static func count(_ table: String, _ connection: SQLiteConnection) async throws -> Int {
        try await connection.query("SELECT count(*) AS n FROM \(table)").first?.column("n")?.integer ?? 0
    }
}
