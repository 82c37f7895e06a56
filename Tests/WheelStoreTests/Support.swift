import Foundation
import Logging
import PostgresNIO
import Testing
import WheelCore
import WheelStore

/// The stores the behavioural tests run against.
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case memory
    /// A real PostgreSQL server: `WHEELHOUSE_TEST_POSTGRES` (scripts/test starts one) names a
    /// superuser URL; each test gets a database of its own.
    case postgres

    /// Every kind, PostgreSQL only where a server is given (scripts/test requires it:
    /// `PostgresConfiguredTests`).
    static var allCases: [StoreKind] {
        TestPostgres.serverURL == nil ? [.sqlite, .memory] : [.sqlite, .memory, .postgres]
    }

    /// Whether the store keeps what it has across a restart.
    var isDurable: Bool { self != .memory }

    var testDescription: String { rawValue }
}

enum TestPostgres {
    static var serverURL: String? {
        ProcessInfo.processInfo.environment["WHEELHOUSE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs one statement on the server's maintenance database (CREATE/DROP DATABASE).
    static func admin(_ sql: String) async throws {
        let url = try #require(serverURL)
        let parts = try #require(URLComponents(string: url))
        let configuration = PostgresConnection.Configuration(
            host: parts.host ?? "127.0.0.1", port: parts.port ?? 5432, username: parts.user ?? "postgres",
            password: parts.password, database: String(parts.path.dropFirst()).isEmpty ? "postgres" : String(parts.path.dropFirst()),
            tls: .disable)
        let logger = Logger(label: "wheelstore-tests")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// A new, empty database; returns its URL.
    static func makeDatabase() async throws -> String {
        let name = "wheelstore_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await admin("CREATE DATABASE \(name)")
        let server = try #require(serverURL)
        var parts = try #require(URLComponents(string: server))
        parts.path = "/\(name)"
        return try #require(parts.string)
    }

    static func dropDatabase(_ url: String) async throws {
        guard let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty else { return }
        try await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

/// A store under test, with the temporary folder that holds its file.
struct StoreUnderTest: Sendable {
    let kind: StoreKind
    let directory: URL
    /// The database of a PostgreSQL store.
    var databaseURL: String?
    private(set) var store: any WorkshopStore

    static func make(_ kind: StoreKind) async throws -> StoreUnderTest {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wheelstore-tests-\(UUID().uuidString)", isDirectory: true)
        switch kind {
        case .sqlite:
            return StoreUnderTest(kind: kind, directory: directory, store: try await SQLiteStore.open(directory: directory))
        case .memory:
            return StoreUnderTest(kind: kind, directory: directory, store: InMemoryStore())
        case .postgres:
            let url = try await TestPostgres.makeDatabase()
            return StoreUnderTest(
                kind: kind, directory: directory, databaseURL: url, store: try await PostgresStore.open(url: url))
        }
    }

    var databasePath: String { directory.appendingPathComponent(SQLiteStore.fileName).path }

    /// Closes and opens the store again, as a server restart does. The in-memory store is
    /// kept as it is.
    mutating func restart() async throws {
        switch kind {
        case .memory: return
        case .sqlite:
            try await store.close()
            store = try await SQLiteStore.open(directory: directory)
        case .postgres:
            try await store.close()
            store = try await PostgresStore.open(url: try #require(databaseURL))
        }
    }

    func tearDown() async throws {
        try await store.close()
        try? FileManager.default.removeItem(at: directory)
        if let databaseURL { try await TestPostgres.dropDatabase(databaseURL) }
    }
}

/// Runs `body` with a fresh store of `kind` and always cleans up.
func withStore(_ kind: StoreKind, _ body: (inout StoreUnderTest) async throws -> Void) async throws {
    var subject = try await StoreUnderTest.make(kind)
    do {
        try await body(&subject)
    } catch {
        try? await subject.tearDown()
        throw error
    }
    try await subject.tearDown()
}

enum Fixture {
    /// A framework using every field, so a round trip shows nothing is dropped.
    static let framework = Framework(
        plugins: [PluginReference(id: "base", version: "1.2.3"), PluginReference(id: "eldercare", version: "0.9.0")],
        dimensions: [
            WheelDimension(
                id: "anvendelse", plugin: "base", color: "#2E6DB4",
                title: LocalizedText(da: "Anvendelse", en: "Application"),
                description: LocalizedText(da: "Brug af systemer", en: nil),
                competences: [
                    Competence(
                        id: "brugerkompetencer", plugin: "base", dimension: "anvendelse",
                        title: LocalizedText(da: "Brugerkompetencer", en: "User competences"),
                        description: LocalizedText(da: "Bruge fagsystemet æøå"),
                        examples: [LocalizedText(da: "Logge på", en: "Logging in"), LocalizedText(da: "Søge")]),
                    Competence(
                        id: "data", plugin: "base", dimension: "anvendelse", title: LocalizedText(da: "Data")),
                ]),
            WheelDimension(
                id: "ae-velfaerd", plugin: "eldercare", title: LocalizedText(da: "Velfærdsteknologi"),
                competences: [
                    Competence(id: "ae-sensorer", plugin: "eldercare", dimension: "ae-velfaerd", title: LocalizedText(da: "Sensorer"))
                ]),
        ],
        underlying: [UnderlyingCompetence(id: "nysgerrighed", plugin: "base", title: LocalizedText(da: "Nysgerrighed", en: "Curiosity"))],
        roleProfiles: [
            RoleProfile(
                id: "sosu", plugin: "eldercare", title: LocalizedText(da: "SOSU-assistent"),
                description: LocalizedText(da: "Hjemmeplejen"), levels: ["brugerkompetencer": 3, "ae-sensorer": 4])
        ],
        cases: [
            DiscussionCase(
                id: "case-1", plugin: "eldercare", title: LocalizedText(da: "Sensoren bipper"),
                story: LocalizedText(da: "Klokken er 3 om natten...", en: "It is 3 a.m..."), competences: ["ae-sensorer"])
        ],
        inspiration: [
            Inspiration(
                id: "insp-1", plugin: "base", competence: "data", kind: .peerLearning,
                title: LocalizedText(da: "Makkerpar"), description: LocalizedText(da: "To og to", en: "Two by two"))
        ])

    /// Whole seconds: the SQLite store keeps dates to the second (see the known-issue test).
    static let createdAt = Date(timeIntervalSince1970: 1_717_171_717)

    static func info(
        _ id: String, joinCode: String? = nil, title: String? = nil, createdAt: Date = Fixture.createdAt,
        rerunOf: String? = nil
    ) -> WorkshopInfo {
        WorkshopInfo(
            id: id, title: title ?? "Workshop \(id)", joinCode: joinCode ?? "J-\(id)", facilitatorToken: "fac-\(id)",
            language: .en,
            settings: WorkshopSettings(
                dotsPerParticipant: 7, maxDotsPerCompetence: 2, blindVoting: false, maxParticipants: 30, roleProfile: "sosu"),
            framework: framework, createdAt: createdAt, rerunOf: rerunOf)
    }

    /// One of every kind of event, with `tag` in the names so workshops can be told apart.
    static func everyEvent(_ tag: String) -> [WorkshopEvent] {
        [
            .joined(participant: "\(tag)-p1", token: "\(tag)-tok1", name: "Ålborg-Åse \(tag)", proxy: false),
            .joined(participant: "\(tag)-p2", token: "\(tag)-tok2", name: nil, proxy: true),
            .renamed(participant: "\(tag)-p1", name: "Åse \(tag)"),
            .roundOpened(.importance),
            .rated(participant: "\(tag)-p1", round: .importance, competence: "data", value: 4),
            .rated(participant: "\(tag)-p2", round: .importance, competence: "data", value: 0),
            .roundClosed(.importance),
            .roundRevealed(.importance),
            .roundOpened(.dots),
            .dotsSet(participant: "\(tag)-p1", competence: "ae-sensorer", count: 2),
            .roundOpened(.points),
            .pointsAllocated(participant: "\(tag)-p1", points: ["data": 60, "ae-sensorer": 40]),
            .roundOpened(.ideas),
            .ideaSubmitted(idea: "\(tag)-i1", participant: "\(tag)-p1", text: "Mere \"kaffe\" & kode", competence: nil),
            .ideaSubmitted(idea: "\(tag)-i2", participant: "\(tag)-p2", text: "Sensor-kursus", competence: "ae-sensorer"),
            .ideaModerated(idea: "\(tag)-i1", status: .approved),
            .focused(BoardFocus(screen: .intro, dimension: "anvendelse", competence: "data", caseID: "case-1", view: .wheel)),
            .roundReset(.dots),
        ]
    }

    /// Splits `events` into commits of the given sizes, numbering them from `first`.
    static func commits(_ workshop: String, _ events: [WorkshopEvent], sizes: [Int], first: Int = 1) -> [Commit] {
        var commits: [Commit] = []
        var start = 0
        for (n, size) in sizes.enumerated() {
            let slice = Array(events[start..<min(start + size, events.count)])
            commits.append(Commit(
                workshop: workshop, firstSequence: first + start, events: slice,
                operations: [StoredOperation(key: "\(workshop)-op\(n)", result: n.isMultiple(of: 2) ? "{\"n\":\(n)}" : nil)]))
            start += size
        }
        precondition(start == events.count, "sizes must cover the events")
        return commits
    }
}

extension StoredWorkshop {
    /// Operations by key; stores need not keep them in insertion order.
    var operationsByKey: [String: String?] {
        Dictionary(operations.map { ($0.key, $0.result) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Runs the sqlite3 command line tool on `database` and returns its standard output, or nil
/// when the tool is not installed.
func sqlite3(_ database: String, _ arguments: String...) throws -> String? {
    let tool = "/usr/bin/sqlite3"
    guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = [database] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw SQLite3Failure(status: process.terminationStatus, message: errorText)
    }
    return String(decoding: data, as: UTF8.self)
}

struct SQLite3Failure: Error, CustomStringConvertible {
    var status: Int32
    var message: String
    var description: String { "sqlite3 exited with \(status): \(message)" }
}
