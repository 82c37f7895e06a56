import Testing
import WheelPlugins

@testable import WheelServer

/// The HTTP guard's rules and the connection limits' settings, without a socket
/// (Tests/e2e/test_http_hardening.py tries them against a real server).
@Suite struct HTTPHardeningTests {
    @Test(arguments: [
        "/", "/index.html", "/css/", "/api/workshops/wMXrGVnf4NPc", "/join.html", "/a%20b", "/%C3%A6", "/a/b//c",
    ])
    func acceptedPaths(_ path: String) {
        #expect(PathCheck.problem(path) == nil)
    }

    @Test(arguments: [
        "/index.html%00.svg", "/%0a", "/%0D", "/%1f", "/%7F", "/a\u{01}", "/a\u{7F}", "//css", "/%2Fcss", "/%2fcss",
        "/\\evil", "/%5Cevil", "/%5c", "/%", "/%4", "/%zz", "/index.html%g0",
    ])
    func refusedPaths(_ path: String) {
        #expect(PathCheck.problem(path) != nil)
    }

    @Test func origins() {
        let check = OriginCheck(extra: [OriginCheck.normalized("https://Wheelhouse.example.org/")!])
        #expect(check.allows(origin: "http://192.168.1.20:8080", host: "192.168.1.20:8080"))
        #expect(check.allows(origin: "HTTP://LOCALHOST:8080", host: "localhost:8080"))
        #expect(check.allows(origin: "http://example.org", host: "example.org"))
        #expect(check.allows(origin: "http://example.org:80", host: "example.org"))
        #expect(check.allows(origin: "https://example.org", host: "example.org"))  // TLS ended at a proxy
        #expect(check.allows(origin: "http://[::1]:8080", host: "[::1]:8080"))
        #expect(check.allows(origin: "https://wheelhouse.example.org", host: "127.0.0.1:8080"))
        #expect(!check.allows(origin: "http://192.168.1.20:8081", host: "192.168.1.20:8080"))
        #expect(!check.allows(origin: "http://evil.example", host: "192.168.1.20:8080"))
        #expect(!check.allows(origin: "http://192.168.1.20.evil.example:8080", host: "192.168.1.20:8080"))
        #expect(!check.allows(origin: "https://example.org:8443", host: "example.org"))
        #expect(!check.allows(origin: "null", host: "example.org"))
        #expect(!check.allows(origin: "file://", host: "example.org"))
        #expect(!check.allows(origin: "http://example.org", host: nil))
        #expect(!check.allows(origin: "http://user@example.org", host: "example.org"))
        #expect(OriginCheck.normalized("wheelhouse.example.org") == nil)
        #expect(OriginCheck.normalized("https://example.org:443") == "https://example.org")
        #expect(OriginCheck.normalized("http://example.org:8080") == "http://example.org:8080")
    }

    @Test func theEndOfAFirstRequestHead() {
        func complete(_ chunks: [String]) -> Bool {
            var scanner = RequestHeadScanner()
            return chunks.contains { scanner.feed(Array($0.utf8)) }
        }
        #expect(complete(["GET / HTTP/1.1\r\nHost: x\r\n\r\n"]))
        #expect(complete(["GET / HTTP/1.1\r\nHost: x\r", "\n", "\r", "\n"]))
        #expect(complete(["GET / HTTP/1.1\nHost: x\n\n"]))
        #expect(complete(["\r\n\r\nGET / HTTP/1.1\r\n\r\n"]))
        #expect(!complete(["GET / HTTP/1.1\r\nHost: x\r\n"]))
        #expect(!complete(["\r\n\r\n", "\r\n"]))  // blank lines before the request line do not count
        #expect(!complete(["GET / HTTP/1.1\r\nX: a\rb\r\n"]))
    }

    @Test func theBudgetLeavesAReserve() {
        #expect(ConnectionBudget.connections(forOpenFileLimit: 256) == 192)
        #expect(ConnectionBudget.connections(forOpenFileLimit: 1024) == 922)
        #expect(ConnectionBudget.connections(forOpenFileLimit: 20000) == 19488)
        #expect(ConnectionBudget.connections(forOpenFileLimit: 65536) == 65024)
        #expect(ConnectionBudget.connections(forOpenFileLimit: 16) == 8)
    }

    @Test func connectionSettingsFromFlagsAndEnvironment() throws {
        let defaults = try ServerConfig.resolve(environment: [:])
        #expect(defaults.connections == ServerConfig.ConnectionLimits())
        #expect(defaults.connections.idleTimeout == .seconds(60))
        #expect(defaults.connections.headerTimeout == .seconds(10))
        #expect(defaults.connections.maxPerIP == 256)
        #expect(defaults.allowedOrigins.isEmpty)
        #expect(defaults.apiDocument.path.hasSuffix("docs/openapi.yaml"))

        let environment = [
            "WHEELHOUSE_IDLE_TIMEOUT": "2.5", "WHEELHOUSE_HEADER_TIMEOUT": "0",
            "WHEELHOUSE_MAX_CONNECTIONS_PER_IP": "0",
            "WHEELHOUSE_ALLOWED_ORIGINS": "https://a.example, http://b.example:8080",
            "WHEELHOUSE_OPENAPI": "/srv/api.yaml",
        ]
        let fromEnvironment = try ServerConfig.resolve(environment: environment)
        #expect(fromEnvironment.connections.idleTimeout == .milliseconds(2500))
        #expect(fromEnvironment.connections.headerTimeout == nil)
        #expect(fromEnvironment.connections.maxPerIP == 0)
        #expect(fromEnvironment.allowedOrigins == ["https://a.example", "http://b.example:8080"])
        #expect(fromEnvironment.apiDocument.path == "/srv/api.yaml")

        let flags = try ServerConfig.resolve(
            idleTimeout: 5, headerTimeout: 1, maxConnectionsPerIP: 20, allowedOrigins: ["https://c.example"],
            environment: environment)
        #expect(flags.connections.idleTimeout == .seconds(5))
        #expect(flags.connections.headerTimeout == .seconds(1))
        #expect(flags.connections.maxPerIP == 20)
        #expect(flags.allowedOrigins == ["https://c.example"])

        for bad in [
            ["WHEELHOUSE_IDLE_TIMEOUT": "soon"], ["WHEELHOUSE_HEADER_TIMEOUT": "-1"],
            ["WHEELHOUSE_MAX_CONNECTIONS_PER_IP": "many"], ["WHEELHOUSE_MAX_CONNECTIONS_PER_IP": "-3"],
            ["WHEELHOUSE_ALLOWED_ORIGINS": "example.org"], ["WHEELHOUSE_IDLE_TIMEOUT": "inf"],
        ] {
            #expect(throws: ServerConfig.ConfigError.self) { try ServerConfig.resolve(environment: bad) }
        }
    }
}

@Suite struct ArchiveErrorCodeTests {
    @Test func everyUploadRefusalIsAnErrorCode() {
        let errors: [PluginArchive.ArchiveError] = [
            .tooLarge(limit: 1), .tooLargeUnpacked("x"), .notAZip, .unsafePath("x"), .noManifest, .invalidPlugin([]),
            .writeFailed("x"),
        ]
        for error in errors { #expect(error.errorCode.rawValue == error.code, "\(error.code)") }
    }
}
