import ArgumentParser
import Foundation
import WheelServer

/// `wheelhouse config check`: the settings `serve` would run with, and where each came from.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with the server's settings.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective settings and their sources (flag, environment, file:line, default); exit 1 on an invalid one.")

        @OptionGroup var options: ServeOptions

        func run() async throws {
            let config: ServerConfig, layers: ConfigLayers
            do {
                (config, layers) = try options.resolve()
            } catch let error as ValidationError {
                FileHandle.standardError.write(Data("invalid: \(error.message)\n".utf8))
                throw ExitCode(1)
            }
            let width = ConfigSetting.ordered.map(\.count).max() ?? 0
            for (name, value) in config.effectiveSettings {
                print("\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)  [\(layers.source(of: name))]")
            }
            print("ok")
        }
    }
}
