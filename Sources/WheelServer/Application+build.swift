import Foundation
import Hummingbird
import Logging
import NIOCore
import WheelCore

/// Builds the whole application; `wheelhouse serve` runs it and tests drive it.
public func buildApplication(_ config: ServerConfig) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "wheelhouse")
    logger.logLevel = config.logLevel

    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: FileMiddleware(
        config.webDirectory.path, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true,
        logger: logger))
    HealthController().addRoutes(to: router)

    let appLogger = logger
    let host = config.host
    let port = config.port
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: "wheelhouse"),
        onServerRunning: { channel in
            let boundPort = channel.localAddress?.port ?? port
            for url in ServerAddresses.urls(host: host, port: boundPort) {
                appLogger.notice("Open \(url) (facilitator: \(url)/facilitator.html)")
            }
        },
        logger: logger
    )
}

struct HealthController {
    struct Health: ResponseEncodable {
        let status: String
        let version: String
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ in
            Health(status: "ok", version: WheelhouseVersion.current)
        }
    }
}

/// The URLs a facilitator can open: every IPv4 address the server is reachable on.
enum ServerAddresses {
    static func urls(host: String, port: Int) -> [String] {
        guard host == "0.0.0.0" || host == "::" else { return ["http://\(host):\(port)"] }
        let devices = (try? System.enumerateDevices()) ?? []
        var addresses = devices.compactMap { device -> String? in
            guard let address = device.address, case .v4 = address, let ip = address.ipAddress else { return nil }
            return ip
        }
        addresses.sort { a, b in (a == "127.0.0.1" ? 1 : 0, a) < (b == "127.0.0.1" ? 1 : 0, b) }
        let unique = addresses.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return (unique.isEmpty ? ["127.0.0.1"] : unique).map { "http://\($0):\(port)" }
    }
}
