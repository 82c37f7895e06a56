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
        subcommands: [Serve.self, PluginsCommand.self, BackupCommand.self, RestoreCommand.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Start the server (the default command).")

    @Option(help: "Address to bind (env WHEELHOUSE_HOST; default 0.0.0.0, every interface).")
    var host: String?
    @Option(help: "Port (env WHEELHOUSE_PORT; default 8080).")
    var port: Int?
    @Option(help: "Data folder for the SQLite store (env WHEELHOUSE_DATA; default ./wheelhouse-data).")
    var data: String?
    @Option(help: "Plugins folder (env WHEELHOUSE_PLUGINS; default ./Plugins).")
    var plugins: String?
    @Option(help: "Static web folder (env WHEELHOUSE_WEB; default ./web).")
    var web: String?
    @Option(help: "Admin token for plugin reload and upload (env WHEELHOUSE_ADMIN_TOKEN; generated when unset).")
    var adminToken: String?
    @Option(help: "Log level (env WHEELHOUSE_LOG_LEVEL; default info).")
    var logLevel: String?
    @Flag(help: "Serve the raw echo/broadcast benchmark endpoint /ws/raw (env WHEELHOUSE_RAW_ENDPOINT=1; default off).")
    var rawEndpoint = false
    @Option(help: "Close a keep-alive HTTP connection idle this many seconds; 0: never (env WHEELHOUSE_IDLE_TIMEOUT; default 60). WebSockets are not affected.")
    var idleTimeout: Double?
    @Option(help: "Close a new connection that has not sent a complete request head within this many seconds; 0: never (env WHEELHOUSE_HEADER_TIMEOUT; default 10).")
    var headerTimeout: Double?
    @Option(name: .customLong("max-connections-per-ip"), help: "Open connections one IP address may hold, HTTP and WebSocket; 0: no limit (env WHEELHOUSE_MAX_CONNECTIONS_PER_IP; default 256).")
    var maxConnectionsPerIP: Int?
    @Option(name: .customLong("join-attempts-per-ip"), help: "Unknown join codes one IP address may try before it is slowed down and locked out; 0: no limit, e.g. behind a proxy that hides client addresses (env WHEELHOUSE_JOIN_ATTEMPTS_PER_IP; default 10).")
    var joinAttemptsPerIP: Int?
    @Option(help: "Another origin (scheme://host[:port]) allowed to send state-changing API requests, e.g. behind a reverse proxy; repeatable (env WHEELHOUSE_ALLOWED_ORIGINS, comma-separated).")
    var allowedOrigin: [String] = []
    @Option(help: "The OpenAPI document served at /openapi.yaml (env WHEELHOUSE_OPENAPI; default ./docs/openapi.yaml).")
    var openapi: String?

    func run() async throws {
        let config: ServerConfig
        do {
            config = try ServerConfig.resolve(
                host: host, port: port, data: data, plugins: plugins, web: web, adminToken: adminToken,
                logLevel: logLevel, rawEndpoint: rawEndpoint ? true : nil,
                idleTimeout: idleTimeout, headerTimeout: headerTimeout, maxConnectionsPerIP: maxConnectionsPerIP,
                allowedOrigins: allowedOrigin.isEmpty ? nil : allowedOrigin, openAPI: openapi,
                joinAttemptsPerIP: joinAttemptsPerIP)
        } catch let error as ServerConfig.ConfigError {
            throw ValidationError(error.description)
        }
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
