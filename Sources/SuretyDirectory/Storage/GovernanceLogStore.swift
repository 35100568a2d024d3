/// The authority's governance log and its pool of verified actions that have no position yet
/// (Docs/SPEC-GOVERNANCE.md §G.4). Append-only: entries are never changed or removed.
public protocol GovernanceLogStore: Sendable {
    /// Entries from `position` on, ascending, at most `limit`.
    func logEntries(from position: UInt64, limit: Int) async throws -> [StoredLogEntry]
    /// Appends entries (positions must continue the log) and drops the given ids from the pending
    /// pool, in one transaction.
    func appendLogEntries(_ entries: [StoredLogEntry], removingPending ids: [[UInt8]]) async throws
    func pendingActions() async throws -> [StoredPendingAction]
    func putPendingAction(_ action: StoredPendingAction) async throws
    func removePendingActions(ids: [[UInt8]]) async throws
}

public struct StoredLogEntry: Sendable, Hashable {
    public var position: UInt64
    public var actionID: [UInt8]
    /// The encoded `log-entry` record.
    public var entry: [UInt8]

    public init(position: UInt64, actionID: [UInt8], entry: [UInt8]) {
        self.position = position
        self.actionID = actionID
        self.entry = entry
    }
}

public struct StoredPendingAction: Sendable, Hashable {
    public var id: [UInt8]
    public var envelope: [UInt8]
    public var received: UInt64

    public init(id: [UInt8], envelope: [UInt8], received: UInt64) {
        self.id = id
        self.envelope = envelope
        self.received = received
    }
}
