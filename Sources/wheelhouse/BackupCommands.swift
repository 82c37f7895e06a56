import ArgumentParser
import Foundation
import Logging
import WheelServer
import WheelStore

/// `wheelhouse backup FILE` and `wheelhouse restore FILE` (README, "Backups").
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the store to FILE, also while the server is running.")

    @Argument(help: "The backup file to write (must not exist yet).")
    var file: String
    @Option(help: "Data folder of the store (env WHEELHOUSE_DATA; default ./wheelhouse-data).")
    var data: String?

    func run() async throws {
        let directory = try dataDirectory(data)
        let target = URL(fileURLWithPath: file)
        do {
            let summary = try await SQLiteBackup.backup(directory: directory, to: target, logger: quietLogger())
            print("backup \(target.path): \(describe(summary))")
        } catch let error as SQLiteBackup.BackupError {
            throw failure(error.description)
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup in place of the store. The server must be stopped; the replaced store is kept beside it.")

    @Argument(help: "The backup file, as `wheelhouse backup` wrote it.")
    var file: String
    @Option(help: "Data folder of the store (env WHEELHOUSE_DATA; default ./wheelhouse-data).")
    var data: String?

    func run() async throws {
        let directory = try dataDirectory(data)
        do {
            let summary = try await SQLiteBackup.restore(
                from: URL(fileURLWithPath: file), into: directory, logger: quietLogger())
            print("restored into \(directory.path): \(describe(summary))")
        } catch let error as SQLiteBackup.BackupError {
            throw failure(error.description)
        } catch let error as DataFolderLock.LockError {
            throw failure(error.description)
        }
    }
}

private func dataDirectory(_ flag: String?) throws -> URL {
    do {
        return try ServerConfig.resolve(data: flag).dataDirectory
    } catch let error as ServerConfig.ConfigError {
        throw ValidationError(error.description)
    }
}

/// Says why on stderr and exits with 1 (no usage text: the command was right, the state was not).
private func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("wheelhouse: \(message)\n".utf8))
    return ExitCode(1)
}

private func quietLogger() -> Logger {
    var logger = Logger(label: "wheelhouse.backup")
    logger.logLevel = .warning
    return logger
}

private func describe(_ summary: SQLiteBackup.Summary) -> String {
    "\(summary.workshops) workshop\(summary.workshops == 1 ? "" : "s"), \(summary.events) events, \(summary.bytes) bytes"
}
