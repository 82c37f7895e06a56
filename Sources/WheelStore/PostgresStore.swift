import Foundation
import Logging
import PostgresNIO
import Synchronization
import WheelCore

/// The store for several instances: one PostgreSQL database that every instance writes.
///
/// Ordering is optimistic: a commit inserts its events at the sequence numbers that follow
/// the room's version, and the primary key (workshop, seq) lets only one of two instances
/// that claim the same numbers succeed; the other gets `.conflict`, reads what is new and
/// decides again (WorkshopRoom). Operation keys are unique the same way, so an opId counts
/// once whichever instance it reaches. Each commit also sends a NOTIFY (workshop id and
/// last seq), delivered on commit, by which the other instances learn there is news.
public final class PostgresStore: WorkshopStore, WorkshopFeed {
    public static let channel = "wheelhouse"

    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger: Logger
    /// How long one store call may take before it is reported unavailable.
    private let limit: Duration
    /// Whether the last call found the database gone (connections refused or closed, the
    /// server shutting down): until one succeeds, a call gets one second, so a phone hears
    /// "not stored" quickly instead of after the full limit.
    private let databaseLost = Mutex(false)

    public var isShared: Bool { true }

    /// Connects to `url` (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]) and
    /// applies the missing migrations; throws `StoreError.unavailable` when it cannot within
    /// `startLimit` (a database starting beside the server gets that long).
    public static func open(
        url: String, logger: Logger = Logger(label: "wheelhouse.store"), limit: Duration = .seconds(3),
        startLimit: Duration = .seconds(30)
    ) async throws -> PostgresStore {
        let configuration = try PostgresLocation.configuration(url)
        // The pool reports every failed connection attempt; while the database is away that
        // is one line a second at info. Warnings and worse still reach the log.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        let store = PostgresStore(client: client, logger: logger, limit: limit)
        do {
            try await withDeadline(startLimit, "PostgreSQL at start") {
                try await PostgresSchema.migrate(client, logger: logger)
            }
        } catch {
            store.running.cancel()
            throw StoreError.unavailable("PostgreSQL \(PostgresLocation.redacted(url)): \(Self.describe(error))")
        }
        return store
    }

    private init(client: PostgresClient, logger: Logger, limit: Duration) {
        self.client = client
        self.logger = logger
        self.limit = limit
        running = Task { await client.run() }
    }

    // MARK: Writes

    public func create(_ info: WorkshopInfo) async throws {
        try await call("create") { client, logger in
            let (id, code, title, created, text) = (
                info.id, info.joinCode, info.title, StoredJSON.timestamp(info.createdAt), StoredJSON.encode(info)
            )
            try await client.query(
                "INSERT INTO workshops (id, join_code, title, created_at, info) VALUES (\(id), \(code), \(title), \(created), \(text))",
                logger: logger)
        } conflict: {
            StoreError.duplicateJoinCode(info.joinCode)
        }
    }

    public func commit(_ commit: Commit) async throws {
        guard !commit.events.isEmpty || !commit.operations.isEmpty else { return }
        let id = commit.workshop
        let sequences = commit.events.indices.map { commit.firstSequence + $0 }
        let events = commit.events.map(StoredJSON.encode)
        let keys = commit.operations.map(\.key)
        // An array binding has no NULL element here: "" stands for none (a stored result is a
        // JSON object, never empty).
        let results = commit.operations.map { $0.result ?? "" }
        let payload = "\(id):\(commit.firstSequence + commit.events.count - 1)"
        // One statement, so one round trip and its own transaction: both inserts and the
        // notice (delivered to every listening instance when, and only if, it commits). Its
        // rows are read: a SELECT's error arrives with them, and an unread one would let a
        // failed statement look stored.
        let statement: PostgresQuery = """
            WITH new_events AS (
                INSERT INTO events (workshop_id, seq, event)
                SELECT \(id), * FROM unnest(\(sequences)::bigint[], \(events)::text[])
            ), new_operations AS (
                INSERT INTO operations (workshop_id, op_key, result)
                SELECT \(id), k, NULLIF(r, '') FROM unnest(\(keys)::text[], \(results)::text[]) AS t(k, r)
            )
            SELECT pg_notify(\(Self.channel), \(payload))
            """
        try await call("commit") { client, logger in
            _ = try await client.query(statement, logger: logger).collect()
        } conflict: {
            StoreError.conflict
        }
    }

    public func delete(id: String, reason: DeletionReason) async throws {
        try await call("delete") { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                let now = StoredJSON.timestamp(Date())
                // Logged by the delete that removed the row, so two instances deleting at once
                // log it once. Events and operations go with it (ON DELETE CASCADE).
                try await connection.query(
                    "WITH gone AS (DELETE FROM workshops WHERE id = \(id) RETURNING created_at) INSERT INTO deletions (created_at, deleted_at, reason) SELECT created_at, \(now), \(reason.rawValue) FROM gone",
                    logger: logger)
                _ = try await connection.query("SELECT pg_notify(\(Self.channel), \(id))", logger: logger).collect()
            }
        }
    }

    public func setKeepUntil(id: String, date: Date) async throws {
        try await call("keep") { client, logger in
            try await client.query(
                "UPDATE workshops SET keep_until = \(StoredJSON.timestamp(date)) WHERE id = \(id)", logger: logger)
        }
    }

    public func probe() async throws {
        try await call("probe") { client, logger in
            // A write that changes nothing: the database takes transactions again.
            try await client.query("UPDATE schema_migrations SET version = version WHERE version = 0", logger: logger)
        }
    }

    // MARK: Reads

    public func load(id: String) async throws -> StoredWorkshop? {
        try await call("load") { client, logger in
            try await client.withConnection { connection in
                var info: WorkshopInfo?
                for try await text in try await connection.query("SELECT info FROM workshops WHERE id = \(id)", logger: logger)
                    .decode(String.self)
                {
                    info = try StoredJSON.decode(WorkshopInfo.self, text)
                }
                guard let info else { return nil }
                var events = EventRun(workshop: id, after: 0)
                for try await (seq, text) in try await connection.query(
                    "SELECT seq, event FROM events WHERE workshop_id = \(id) ORDER BY seq", logger: logger
                ).decode((Int, String).self) {
                    try events.append(seq: seq, text: text)
                }
                var operations: [StoredOperation] = []
                for try await (key, result) in try await connection.query(
                    "SELECT op_key, result FROM operations WHERE workshop_id = \(id) ORDER BY op_key", logger: logger
                ).decode((String, String?).self) {
                    operations.append(StoredOperation(key: key, result: result))
                }
                return StoredWorkshop(info: info, events: events.events, operations: operations)
            }
        }
    }

    public func events(of id: String, after sequence: Int) async throws -> [WorkshopEvent]? {
        try await call("read") { client, logger in
            // One query: no row means the workshop is gone; a row without a seq, no news.
            var found = false
            var events = EventRun(workshop: id, after: sequence)
            for try await (seq, text) in try await client.query(
                """
                SELECT e.seq, e.event FROM workshops w
                LEFT JOIN events e ON e.workshop_id = w.id AND e.seq > \(sequence)
                WHERE w.id = \(id) ORDER BY e.seq
                """, logger: logger
            ).decode((Int?, String?).self) {
                found = true
                guard let seq, let text else { continue }
                try events.append(seq: seq, text: text)
            }
            return found ? events.events : nil
        }
    }

    public func operations(of id: String, keys: [String]) async throws -> [StoredOperation] {
        guard !keys.isEmpty else { return [] }
        return try await call("read") { client, logger in
            var operations: [StoredOperation] = []
            for try await (key, result) in try await client.query(
                "SELECT op_key, result FROM operations WHERE workshop_id = \(id) AND op_key = ANY(\(keys)::text[])",
                logger: logger
            ).decode((String, String?).self) {
                operations.append(StoredOperation(key: key, result: result))
            }
            return operations
        }
    }

    /// A workshop's events as read in sequence order. Appends claim consecutive numbers, so a
    /// gap means a damaged table.
    private struct EventRun {
        let workshop: String
        private(set) var events: [WorkshopEvent] = []
        private var expected: Int

        init(workshop: String, after sequence: Int) {
            self.workshop = workshop
            expected = sequence + 1
        }

        mutating func append(seq: Int, text: String) throws {
            guard seq == expected else { throw StoreError.corrupt("workshop \(workshop): event \(expected) missing") }
            events.append(try StoredJSON.decode(WorkshopEvent.self, text))
            expected += 1
        }
    }

    public func workshopID(joinCode: String) async throws -> String? {
        try await call("read") { client, logger in
            var id: String?
            for try await found in try await client.query(
                "SELECT id FROM workshops WHERE join_code = \(joinCode)", logger: logger
            ).decode(String.self) {
                id = found
            }
            return id
        }
    }

    public func list() async throws -> [WorkshopListing] {
        try await call("read") { client, logger in
            var listings: [WorkshopListing] = []
            for try await (id, title, code, created, keep) in try await client.query(
                "SELECT id, title, join_code, created_at, keep_until FROM workshops ORDER BY created_at DESC, id",
                logger: logger
            ).decode((String, String, String, String, String?).self) {
                listings.append(WorkshopListing(
                    id: id, title: title, joinCode: code, createdAt: StoredJSON.date(created) ?? .distantPast,
                    keepUntil: keep.flatMap(StoredJSON.date)))
            }
            return listings
        }
    }

    public func close() async throws {
        running.cancel()
        _ = await running.value
    }

    // MARK: Following other instances

    /// Calls `receive` for every commit any instance stores, from a connection that LISTENs.
    /// `.resync` comes first and after every reconnect: notices may have been missed, read
    /// everything. A connection that stops delivering (its own heartbeat does not come back)
    /// is closed and opened again. Runs until cancelled.
    public func follow(_ receive: @escaping @Sendable (StoreNotice) async -> Void) async {
        let heartbeat = "heartbeat:\(UUID().uuidString)"
        var lost = false
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        if lost { logger.notice("PostgreSQL notifications follow again; reading what was missed") }
                        lost = false
                        await receive(.resync)
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            let lastHeard = LastHeard()
                            group.addTask {
                                for try await notification in notifications {
                                    if notification.payload == heartbeat {
                                        lastHeard.now()
                                    } else if let notice = StoreNotice(payload: notification.payload) {
                                        await receive(notice)
                                    }
                                }
                                throw StoreError.unavailable("the notification stream ended")
                            }
                            group.addTask { [logger] in
                                while true {
                                    try await Task.sleep(for: .seconds(2))
                                    // On the listening connection itself: a busy pool cannot
                                    // starve it, and it tests exactly this connection.
                                    _ = try? await withDeadline(.seconds(2), "heartbeat") {
                                        try await connection.query("SELECT pg_notify(\(Self.channel), \(heartbeat))", logger: logger)
                                            .collect()
                                    }
                                    if lastHeard.silence > .seconds(8) {
                                        try? await connection.close()
                                        throw StoreError.unavailable("no heartbeat on the notification connection")
                                    }
                                }
                            }
                            try await group.next()
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                lost = true
                await receive(.lost(Self.describe(error)))
                logger.warning("PostgreSQL notifications lost; reconnecting", metadata: ["error": "\(Self.describe(error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    // MARK: Errors

    /// Runs one store call under the time limit and says what its failure means: a unique
    /// key taken (`conflict`, the caller's to name), the database away (`.unavailable`), or the
    /// change's own fault (as thrown).
    private func call<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T,
        conflict: @escaping @Sendable () -> StoreError = { StoreError.conflict }
    ) async throws -> T {
        let client = client, logger = logger
        let lost = databaseLost.withLock { $0 }
        do {
            let result = try await withDeadline(lost ? .seconds(1) : limit, what) { try await body(client, logger) }
            if lost { databaseLost.withLock { $0 = false } }
            return result
        } catch StoreError.unavailable(let why) {
            // Our own time limit: a busy database, not necessarily a lost one. Shortening the
            // limit now would turn a moment of overload into a run of refusals.
            throw StoreError.unavailable(why)
        } catch {
            guard let error = Self.unwrap(error) else { throw error }
            if error.serverInfo?[.sqlState] == "23505" { throw conflict() }
            if Self.isUnavailable(error) {
                // A timeout inside the database is overload, like our own; only a database
                // that is gone shortens the limit.
                if Self.isGone(error) { databaseLost.withLock { $0 = true } }
                throw StoreError.unavailable(Self.describe(error))
            }
            throw error
        }
    }

    /// The database's error inside a failed transaction (or the error itself).
    static func unwrap(_ error: any Error) -> PSQLError? {
        if let error = error as? PSQLError { return error }
        guard let transaction = error as? PostgresTransactionError else { return nil }
        let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError
        return inner.flatMap(unwrap)
    }

    /// Failures of the database rather than of the change: no connection, the server shutting
    /// down, out of resources, read-only.
    static func isUnavailable(_ error: PSQLError) -> Bool {
        // Anything but the server's own answer is the connection's fault.
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return true }
        // 08 connection, 53 resources (disk full), 57 operator intervention (shutdown, a
        // statement timeout), 58 system error, 25006 read-only transaction (a standby),
        // 40001/40P01 retryable, 55P03 a lock not granted in time.
        return ["08", "53", "57", "58"].contains(where: state.hasPrefix) || ["25006", "40001", "40P01", "55P03"].contains(state)
    }

    /// Failures that mean the database is not there at all: no connection, or it is shutting
    /// down or starting.
    static func isGone(_ error: PSQLError) -> Bool {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return true }
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
    }

    static func describe(_ error: any Error) -> String {
        guard let error = unwrap(error) else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return "\(message) (\(error.serverInfo?[.sqlState] ?? "?"))"
        }
        return "\(error.code)"
    }
}

/// When the notification connection last delivered our own heartbeat.
private final class LastHeard: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    func now() { instant.withLock { $0 = .now } }
    var silence: Duration { ContinuousClock.now - instant.withLock { $0 } }
}

/// What a store that several instances write says about changes (PostgresStore.follow).
public enum StoreNotice: Sendable, Equatable {
    /// Workshop `workshop` has events up to `sequence` (nil: deleted or changed otherwise).
    case changed(workshop: String, sequence: Int?)
    /// Notices may have been missed: every room should read what it lacks.
    case resync
    /// The connection that follows changes failed (the database may be away); `.resync`
    /// follows once it is back.
    case lost(String)

    /// "ID:SEQ" from a commit, "ID" from a deletion.
    public init?(payload: String) {
        let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
        guard let id = parts.first, !id.isEmpty, parts.count <= 2 else { return nil }
        if parts.count == 2 {
            guard let sequence = Int(parts[1]) else { return nil }
            self = .changed(workshop: String(id), sequence: sequence)
        } else {
            self = .changed(workshop: String(id), sequence: nil)
        }
    }
}

/// A store whose changes can be followed (several instances).
public protocol WorkshopFeed: Sendable {
    func follow(_ receive: @escaping @Sendable (StoreNotice) async -> Void) async
}
