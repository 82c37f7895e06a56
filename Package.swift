// swift-tools-version:6.0
import Foundation
import PackageDescription

// Dependency direction (see docs/architecture.md):
// WheelCore <- WheelPlugins, WheelProtocol, WheelStore <- WheelServer <- wheelhouse.
// Only WheelStore and WheelServer know NIO, Hummingbird or a database.
let package = Package(
    name: "Wheelhouse",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wheelhouse", targets: ["wheelhouse"]),
        .executable(name: "wheelhouse-load", targets: ["wheelhouse-load"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure domain: the wheel, workshops, rounds, votes, tallies. No I/O.
        .target(name: "WheelCore"),
        // Plugin manifests: parse, validate, load from a folder, merge into one framework.
        .target(
            name: "WheelPlugins",
            dependencies: [
                "WheelCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The versioned wire messages.
        .target(name: "WheelProtocol", dependencies: ["WheelCore"]),
        // Random command sequences and the invariants each must keep (replay, recount, deltas):
        // shared by the property tests and the fuzz targets. Pure, like the modules it checks.
        .target(name: "WheelChecks", dependencies: ["WheelCore", "WheelProtocol"]),
        // The system's QR encoder (Debian's libqrencode-dev), for the board's join code.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // Durable storage: the protocol, its SQLite and PostgreSQL implementations.
        .target(
            name: "WheelStore",
            dependencies: [
                "WheelCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The Hummingbird application: routes, WebSocket hub, config, services.
        .target(
            name: "WheelServer",
            dependencies: [
                "WheelCore", "WheelPlugins", "WheelProtocol", "WheelStore", "CQRencode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        // The raw echo/broadcast endpoint of the benchmarks (docs/BENCHMARKS.md): benchmark code,
        // kept out of the production module; `wheelhouse serve --raw-endpoint` installs it.
        .target(
            name: "WheelRawEndpoint",
            dependencies: [
                "WheelServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "wheelhouse",
            dependencies: [
                "WheelServer", "WheelRawEndpoint", "WheelPlugins", "WheelCore", "WheelStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The load generator (docs/BENCHMARKS.md): simulated phones, boards and facilitators
        // over real WebSockets, or the raw echo/broadcast endpoint. A client only: no server code.
        .executableTarget(
            name: "wheelhouse-load",
            dependencies: [
                "WheelProtocol", "WheelCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "WheelCoreTests", dependencies: ["WheelCore"]),
        .testTarget(
            name: "WheelPluginsTests",
            dependencies: ["WheelPlugins", "WheelCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "WheelProtocolTests", dependencies: ["WheelProtocol", "WheelCore", "WheelChecks"]),
        .testTarget(
            name: "WheelStoreTests",
            dependencies: [
                "WheelStore", "WheelCore", .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "WheelChecksTests", dependencies: ["WheelChecks", "WheelCore", "WheelProtocol"]),
        .testTarget(
            name: "WheelServerTests",
            dependencies: [
                "WheelServer", "WheelRawEndpoint", "WheelCore", "WheelPlugins", "WheelProtocol", "WheelStore", "WheelChecks",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
    ]
)

// libFuzzer targets (scripts/fuzz): only with WHEELHOUSE_FUZZ=1, built with
// `-sanitize=fuzzer,address` into their own scratch path. libFuzzer supplies `main`, so they
// cannot link in a normal build; that is why they are not declared there at all.
if ProcessInfo.processInfo.environment["WHEELHOUSE_FUZZ"] == "1" {
    let fuzzTargets: [(String, [Target.Dependency])] = [
        ("fuzz-client-decoder", ["WheelProtocol", "WheelCore"]),
        ("fuzz-vote-differential", ["WheelProtocol", "WheelCore"]),
        ("fuzz-core", ["WheelChecks", "WheelCore", "WheelProtocol"]),
        ("fuzz-manifest", ["WheelPlugins", "WheelCore"]),
    ]
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
    for (name, dependencies) in fuzzTargets {
        package.targets.append(
            .executableTarget(name: name, dependencies: dependencies + ["FuzzDriver"], path: "Fuzz/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
