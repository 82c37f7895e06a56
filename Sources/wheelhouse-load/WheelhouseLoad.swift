import ArgumentParser
import Histogram
import HummingbirdWSClient

@main
struct WheelhouseLoad: AsyncParsableCommand {
    func run() async throws {}
}
