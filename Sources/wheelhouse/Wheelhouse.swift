import ArgumentParser
import Foundation
import WheelCore
import WheelPlugins
import WheelRawEndpoint
import WheelServer
import WheelStore

@main
struct Wheelhouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wheelhouse",
        abstract: "A self-hosted server for live digital-competence workshops.",
        version: WheelhouseVersion.current,
        subcommands: [Serve.self, PluginsCommand.self, ConfigCommand.self, BackupCommand.self, RestoreCommand.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Start the server (the default command).")

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let config = try options.resolve().config
        do {
            try await runServer(config, endpoints: config.rawEndpoint ? [RawBroadcast()] : [])
        } catch let error as DataFolderLock.LockError {
            FileHandle.standardError.write(Data("wheelhouse: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "Work with competence plugins.", subcommands: [Validate.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every plugin in a folder: one line per plugin, then every error. Exit 1 on any error.")

        @Argument(help: "The plugins folder.")
        var directory: String = "Plugins"

        func run() async throws {
            let url = URL(fileURLWithPath: directory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("'\(directory)' is not a folder.")
            }
            let catalog = PluginCatalog.load(from: url)
            for status in catalog.statuses {
                let version = status.version ?? "?"
                let name = status.name?.resolved(.da) ?? ""
                switch status.state {
                case .loaded: print("ok      \(status.id) \(version)  \(name)")
                case .failed: print("FAILED  \(status.id) \(version)  (\(status.errors.count) error\(status.errors.count == 1 ? "" : "s"))")
                }
            }
            let errors = catalog.errors
            for error in errors { print("  \(error)") }
            let loaded = catalog.order.count
            print("\(loaded) valid, \(catalog.statuses.count - loaded) invalid")
            if catalog.statuses.isEmpty { throw ValidationError("No plugin folders in '\(directory)'.") }
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }
}
