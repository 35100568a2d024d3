import Foundation
import GRDB
import SuretyCrypto

/// `DirectoryStore` on SQLite through GRDB, in the authority's data directory. WAL mode and one
/// transaction per call make every step durable before it is acknowledged (issue 5: state
/// survives `kill -9`). Schema changes are GRDB migrations, applied at open.
public final class SQLiteDirectoryStore: DirectoryStore {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE descriptor (
                        identity BLOB PRIMARY KEY NOT NULL, descriptor_id BLOB NOT NULL,
                        published INTEGER NOT NULL, envelope BLOB NOT NULL, received INTEGER NOT NULL);
                    CREATE TABLE relay_status (
                        identity BLOB PRIMARY KEY NOT NULL, running_since INTEGER, last_success INTEGER,
                        last_attempt INTEGER, last_error TEXT);
                    CREATE TABLE governance_action (
                        position INTEGER PRIMARY KEY AUTOINCREMENT, id BLOB UNIQUE NOT NULL, kind INTEGER NOT NULL,
                        subject BLOB NOT NULL, sequence INTEGER NOT NULL, envelope BLOB NOT NULL,
                        received INTEGER NOT NULL);
                    CREATE INDEX governance_action_subject ON governance_action(subject, sequence);
                    CREATE TABLE member (
                        member_id BLOB PRIMARY KEY NOT NULL, action_id BLOB NOT NULL, envelope BLOB NOT NULL,
                        roles INTEGER NOT NULL, valid_until INTEGER NOT NULL, position INTEGER NOT NULL);
                    CREATE INDEX member_position ON member(position);
                    CREATE TABLE vote (
                        valid_after INTEGER NOT NULL, authority BLOB NOT NULL, envelope BLOB NOT NULL,
                        PRIMARY KEY (valid_after, authority));
                    CREATE TABLE pending_consensus (
                        valid_after INTEGER PRIMARY KEY NOT NULL, consensus_id BLOB NOT NULL, body BLOB NOT NULL);
                    CREATE TABLE consensus_signature (
                        valid_after INTEGER NOT NULL, consensus_id BLOB NOT NULL, signer BLOB NOT NULL,
                        signature BLOB NOT NULL, PRIMARY KEY (valid_after, consensus_id, signer));
                    CREATE TABLE consensus (
                        valid_after INTEGER PRIMARY KEY NOT NULL, consensus_id BLOB NOT NULL, envelope BLOB NOT NULL);
                    CREATE INDEX consensus_id ON consensus(consensus_id);
                    """)
        }
        migrator.registerMigration("governance-log-v1", migrate: governanceLogSchema)
        return migrator
    }

    // MARK: Descriptors

    public func descriptor(identity: [UInt8]) async throws -> StoredDescriptor? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM descriptor WHERE identity = ?", arguments: [Data(identity)])
                .map(Self.descriptor)
        }
    }

    public func descriptors() async throws -> [StoredDescriptor] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM descriptor ORDER BY identity").map(Self.descriptor)
        }
    }

    public func putDescriptor(_ d: StoredDescriptor) async throws -> Bool {
        try await pool.write { db in
            // Only a strictly newer descriptor replaces the stored one (checked in the same statement,
            // so two concurrent uploads cannot both win).
            try db.execute(
                sql: """
                    INSERT INTO descriptor VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(identity) DO UPDATE SET descriptor_id = excluded.descriptor_id,
                        published = excluded.published, envelope = excluded.envelope, received = excluded.received
                    WHERE excluded.published > descriptor.published
                    """,
                arguments: [
                    Data(d.identity), Data(d.descriptorID), Int64(d.published), Data(d.envelope), Int64(d.received),
                ])
            return db.changesCount > 0
        }
    }

    private static func descriptor(_ row: Row) -> StoredDescriptor {
        StoredDescriptor(
            identity: bytes(row["identity"]), descriptorID: bytes(row["descriptor_id"]),
            published: UInt64(row["published"] as Int64), envelope: bytes(row["envelope"]),
            received: UInt64(row["received"] as Int64))
    }

    // MARK: Reachability

    public func relayStatuses() async throws -> [[UInt8]: RelayStatus] {
        try await pool.read { db in
            var result: [[UInt8]: RelayStatus] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM relay_status") {
                let identity = Self.bytes(row["identity"])
                result[identity] = RelayStatus(
                    identity: identity, runningSince: (row["running_since"] as Int64?).map(UInt64.init),
                    lastSuccess: (row["last_success"] as Int64?).map(UInt64.init),
                    lastAttempt: (row["last_attempt"] as Int64?).map(UInt64.init), lastError: row["last_error"])
            }
            return result
        }
    }

    public func putRelayStatus(_ s: RelayStatus) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO relay_status VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    Data(s.identity), s.runningSince.map(Int64.init), s.lastSuccess.map(Int64.init),
                    s.lastAttempt.map(Int64.init), s.lastError,
                ])
        }
    }

    // MARK: Governance and members

    public func hasAction(id: [UInt8]) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM governance_action WHERE id = ?", arguments: [Data(id)]) ?? false
        }
    }

    public func lastSequence(subject: [UInt8]) async throws -> UInt64? {
        try await pool.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT MAX(sequence) FROM governance_action WHERE subject = ?", arguments: [Data(subject)]
            ).map(UInt64.init)
        }
    }

    public func appendAction(_ a: StoredAction, member: StoredMember?) async throws -> UInt64 {
        try await pool.write { db in
            // Replay and order checks inside the transaction that appends (issue 6: nothing applied twice).
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM governance_action WHERE id = ?", arguments: [Data(a.id)])
                == true
            {
                throw DirectoryError(
                    status: 409, code: "duplicate_action", "action \(HexString.encode(a.id)) was already applied")
            }
            if let last = try Int64.fetchOne(
                db, sql: "SELECT MAX(sequence) FROM governance_action WHERE subject = ?", arguments: [Data(a.subject)]),
                Int64(a.sequence) <= last
            {
                throw DirectoryError(
                    status: 409, code: "stale_sequence",
                    "sequence \(a.sequence) is not above \(last), the last applied for this subject")
            }
            try db.execute(
                sql:
                    "INSERT INTO governance_action (id, kind, subject, sequence, envelope, received) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    Data(a.id), Int64(a.kind), Data(a.subject), Int64(a.sequence), Data(a.envelope), Int64(a.received),
                ])
            let position = db.lastInsertedRowID
            if let m = member {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO member VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        Data(m.memberID), Data(m.actionID), Data(m.envelope), Int64(m.roles), Int64(m.validUntil),
                        position,
                    ])
            }
            return UInt64(position)
        }
    }

    public func member(id: [UInt8]) async throws -> StoredMember? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM member WHERE member_id = ?", arguments: [Data(id)]).map(
                Self.member)
        }
    }

    public func members(after position: UInt64, limit: Int) async throws -> [StoredMember] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member WHERE position > ? ORDER BY position LIMIT ?",
                arguments: [Int64(clamping: position), limit]
            ).map(Self.member)
        }
    }

    public func memberCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member") ?? 0 }
    }

    private static func member(_ row: Row) -> StoredMember {
        StoredMember(
            memberID: bytes(row["member_id"]), actionID: bytes(row["action_id"]), envelope: bytes(row["envelope"]),
            roles: UInt8(truncatingIfNeeded: row["roles"] as Int64), validUntil: UInt64(row["valid_until"] as Int64),
            position: UInt64(row["position"] as Int64))
    }

    // MARK: Votes and consensus

    public func putVote(validAfter: UInt64, authority: [UInt8], envelope: [UInt8]) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO vote VALUES (?, ?, ?)",
                arguments: [Int64(validAfter), Data(authority), Data(envelope)])
        }
    }

    public func votes(validAfter: UInt64) async throws -> [(authority: [UInt8], envelope: [UInt8])] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT authority, envelope FROM vote WHERE valid_after = ? ORDER BY authority",
                arguments: [Int64(validAfter)]
            ).map { (Self.bytes($0["authority"]), Self.bytes($0["envelope"])) }
        }
    }

    public func pendingConsensus(validAfter: UInt64) async throws -> (id: [UInt8], body: [UInt8])? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT consensus_id, body FROM pending_consensus WHERE valid_after = ?",
                arguments: [Int64(validAfter)]
            ).map { (Self.bytes($0["consensus_id"]), Self.bytes($0["body"])) }
        }
    }

    public func putPendingConsensus(validAfter: UInt64, id: [UInt8], body: [UInt8]) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO pending_consensus VALUES (?, ?, ?)",
                arguments: [Int64(validAfter), Data(id), Data(body)])
        }
    }

    public func addSignatures(
        validAfter: UInt64, consensusID: [UInt8], signatures: [(signer: [UInt8], signature: [UInt8])]
    ) async throws {
        try await pool.write { db in
            for entry in signatures {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO consensus_signature VALUES (?, ?, ?, ?)",
                    arguments: [Int64(validAfter), Data(consensusID), Data(entry.signer), Data(entry.signature)])
            }
        }
    }

    public func signatures(validAfter: UInt64, consensusID: [UInt8]) async throws -> [(
        signer: [UInt8], signature: [UInt8]
    )] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT signer, signature FROM consensus_signature WHERE valid_after = ? AND consensus_id = ? ORDER BY signer",
                arguments: [Int64(validAfter), Data(consensusID)]
            ).map { (Self.bytes($0["signer"]), Self.bytes($0["signature"])) }
        }
    }

    public func putConsensus(validAfter: UInt64, id: [UInt8], envelope: [UInt8]) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO consensus VALUES (?, ?, ?)",
                arguments: [Int64(validAfter), Data(id), Data(envelope)])
        }
    }

    public func consensus(validAfter: UInt64) async throws -> [UInt8]? {
        try await pool.read { db in
            try Data.fetchOne(
                db, sql: "SELECT envelope FROM consensus WHERE valid_after = ?", arguments: [Int64(validAfter)]
            )
            .map { [UInt8]($0) }
        }
    }

    public func consensus(id: [UInt8]) async throws -> [UInt8]? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT envelope FROM consensus WHERE consensus_id = ?", arguments: [Data(id)])
                .map { [UInt8]($0) }
        }
    }

    public func latestConsensus() async throws -> (validAfter: UInt64, envelope: [UInt8])? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT valid_after, envelope FROM consensus ORDER BY valid_after DESC LIMIT 1")
                .map { (UInt64($0["valid_after"] as Int64), Self.bytes($0["envelope"])) }
        }
    }

    public func prune(before validAfter: UInt64) async throws {
        try await pool.write { db in
            let cutoff = Int64(clamping: validAfter)
            try db.execute(sql: "DELETE FROM vote WHERE valid_after < ?", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM pending_consensus WHERE valid_after < ?", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM consensus_signature WHERE valid_after < ?", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM consensus WHERE valid_after < ?", arguments: [cutoff])
        }
    }

    private static func bytes(_ data: Data?) -> [UInt8] { data.map { [UInt8]($0) } ?? [] }
}
