import SQLiteNIO

/// The store's schema, versioned by `PRAGMA user_version` and brought up to date at open.
extension SQLiteStore {
    static func migrate(_ db: SQLiteConnection) async throws {
        let version = try await db.query("PRAGMA user_version").first?.column("user_version")?.integer ?? 0
        if version < 1 { try await createVersion1(db) }
        if version < 2 { try await upgradeToVersion2(db) }
    }

    /// The first schema: workshops, their events, their operations.
    private static func createVersion1(_ db: SQLiteConnection) async throws {
        for statement in [
            """
            CREATE TABLE IF NOT EXISTS workshops (
                id TEXT PRIMARY KEY,
                join_code TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                created_at TEXT NOT NULL,
                info TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS events (
                workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                event TEXT NOT NULL,
                PRIMARY KEY (workshop_id, seq)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE IF NOT EXISTS operations (
                workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
                op_key TEXT NOT NULL,
                result TEXT,
                PRIMARY KEY (workshop_id, op_key)
            ) WITHOUT ROWID
            """,
            "PRAGMA user_version = 1",
        ] {
            _ = try await db.query(statement)
        }
    }

    /// Retention: a workshop's own keep-until date (null: the server's retention period from
    /// its creation), and the deletion log: when a workshop was made and deleted, and why;
    /// not even its random id, so a deleted workshop leaves nothing in the file to trace.
    private static func upgradeToVersion2(_ db: SQLiteConnection) async throws {
        for statement in [
            "ALTER TABLE workshops ADD COLUMN keep_until TEXT",
            """
            CREATE TABLE IF NOT EXISTS deletions (
                created_at TEXT NOT NULL,
                deleted_at TEXT NOT NULL,
                reason TEXT NOT NULL
            )
            """,
            "PRAGMA user_version = 2",
        ] {
            _ = try await db.query(statement)
        }
    }
}
