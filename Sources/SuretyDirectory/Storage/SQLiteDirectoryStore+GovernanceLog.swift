import Foundation
import GRDB

/// The governance log tables (GRDB migration `governance-log-v1`, registered by
/// `SQLiteDirectoryStore.migrator`): `governance_log` (append-only, one row per position) and
/// `governance_pending` (verified actions waiting for a position).
func governanceLogSchema(_ db: Database) throws {
    try db.execute(
        sql: """
            CREATE TABLE governance_log (
                position INTEGER PRIMARY KEY NOT NULL, action_id BLOB UNIQUE NOT NULL, entry BLOB NOT NULL);
            CREATE TABLE governance_pending (
                id BLOB PRIMARY KEY NOT NULL, envelope BLOB NOT NULL, received INTEGER NOT NULL);
            CREATE TRIGGER governance_log_no_update BEFORE UPDATE ON governance_log
                BEGIN SELECT RAISE(ABORT, 'the governance log is append-only'); END;
            CREATE TRIGGER governance_log_no_delete BEFORE DELETE ON governance_log
                BEGIN SELECT RAISE(ABORT, 'the governance log is append-only'); END;
            """)
}

extension SQLiteDirectoryStore {
    public func logEntries(from position: UInt64, limit: Int) async throws -> [StoredLogEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM governance_log WHERE position >= ? ORDER BY position LIMIT ?",
                arguments: [Int64(clamping: position), limit]
            ).map {
                StoredLogEntry(
                    position: UInt64($0["position"] as Int64), actionID: Self.blob($0["action_id"]),
                    entry: Self.blob($0["entry"]))
            }
        }
    }

    public func appendLogEntries(_ entries: [StoredLogEntry], removingPending ids: [[UInt8]]) async throws {
        try await pool.write { db in
            let size = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM governance_log") ?? 0
            for (offset, entry) in entries.enumerated() {
                guard Int64(entry.position) == size + Int64(offset) else {
                    throw DirectoryError(
                        status: 409, code: "log_position", "entry \(entry.position) does not continue a log of \(size)")
                }
                try db.execute(
                    sql: "INSERT INTO governance_log VALUES (?, ?, ?)",
                    arguments: [Int64(entry.position), Data(entry.actionID), Data(entry.entry)])
            }
            for id in ids { try db.execute(sql: "DELETE FROM governance_pending WHERE id = ?", arguments: [Data(id)]) }
        }
    }

    public func pendingActions() async throws -> [StoredPendingAction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM governance_pending ORDER BY received, id").map {
                StoredPendingAction(
                    id: Self.blob($0["id"]), envelope: Self.blob($0["envelope"]),
                    received: UInt64($0["received"] as Int64))
            }
        }
    }

    public func putPendingAction(_ action: StoredPendingAction) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO governance_pending VALUES (?, ?, ?)",
                arguments: [Data(action.id), Data(action.envelope), Int64(action.received)])
        }
    }

    public func removePendingActions(ids: [[UInt8]]) async throws {
        try await pool.write { db in
            for id in ids { try db.execute(sql: "DELETE FROM governance_pending WHERE id = ?", arguments: [Data(id)]) }
        }
    }

    private static func blob(_ data: Data?) -> [UInt8] { data.map { [UInt8]($0) } ?? [] }
}
