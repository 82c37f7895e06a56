import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations recorded in `schema_migrations`.
///
/// Several instances may start at once: each applies the missing migrations under one
/// advisory lock, so a migration runs exactly once. A migration is never edited once
/// released; a change is a new one at the end.
enum PostgresSchema {
    static let migrations: [(version: Int, statements: [String])] = [
        (1, [
            // Timestamps are the stores' ISO 8601 text (StoredJSON), as in SQLite: sortable, exact.
            """
            CREATE TABLE workshops (
                id text PRIMARY KEY,
                join_code text NOT NULL UNIQUE,
                title text NOT NULL,
                created_at text NOT NULL,
                keep_until text,
                info text NOT NULL)
            """,
            // The primary key orders a workshop's events: two instances appending the same
            // sequence number cannot both succeed (docs/architecture.md, "Several instances").
            """
            CREATE TABLE events (
                workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
                seq bigint NOT NULL,
                event text NOT NULL,
                PRIMARY KEY (workshop_id, seq))
            """,
            """
            CREATE TABLE operations (
                workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
                op_key text NOT NULL,
                result text,
                PRIMARY KEY (workshop_id, op_key))
            """,
            // When and why a workshop was deleted, never which or what.
            """
            CREATE TABLE deletions (
                id bigserial PRIMARY KEY,
                created_at text NOT NULL,
                deleted_at text NOT NULL,
                reason text NOT NULL)
            """,
        ])
    ]

    /// An arbitrary constant: the advisory lock the migrating instance holds.
    static let lockKey: Int64 = 0x5768_6565_6c68_6f75

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger).collect()
            // Created only when missing: a user without CREATE on the schema can run a
            // migrated database (CREATE ... IF NOT EXISTS still asks for the right).
            let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            if !exists {
                try await connection.query(
                    "CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: logger)
            }
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
                .decode(Int.self)
            {
                applied.insert(version)
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger: logger)
                logger.info("applied PostgreSQL migration", metadata: ["version": "\(migration.version)"])
            }
        }
    }
}
