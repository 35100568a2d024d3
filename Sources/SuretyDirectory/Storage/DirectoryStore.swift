/// Everything an authority keeps, behind a small protocol so a Postgres backend can be added for
/// large authorities (DESIGN.md "Operations"). The SQLite implementation is `SQLiteDirectoryStore`.
///
/// All methods are atomic; the service never holds state that is not here, so a restart (even
/// `kill -9` mid-vote) resumes from the last committed step.
public protocol DirectoryStore: GovernanceLogStore, Sendable {
    // Relay descriptors: the newest accepted one per relay.
    func descriptor(identity: [UInt8]) async throws -> StoredDescriptor?
    func descriptors() async throws -> [StoredDescriptor]
    /// Stores the descriptor unless one with an equal or later `published` is stored; returns whether it was stored.
    func putDescriptor(_ descriptor: StoredDescriptor) async throws -> Bool

    // Reachability results.
    func relayStatuses() async throws -> [[UInt8]: RelayStatus]
    func putRelayStatus(_ status: RelayStatus) async throws

    // Governance actions (append-only, in arrival order) and the member set they produce.
    func hasAction(id: [UInt8]) async throws -> Bool
    func lastSequence(subject: [UInt8]) async throws -> UInt64?
    /// Appends the action and, for an admit, the member row, in one transaction; returns the position.
    /// Throws `DirectoryError` 409 `duplicate_action` / `stale_sequence` (checked in that transaction).
    func appendAction(_ action: StoredAction, member: StoredMember?) async throws -> UInt64
    func member(id: [UInt8]) async throws -> StoredMember?
    /// Members whose admission is at a position greater than `position`, ascending.
    func members(after position: UInt64, limit: Int) async throws -> [StoredMember]
    func memberCount() async throws -> Int

    // Votes by round.
    func putVote(validAfter: UInt64, authority: [UInt8], envelope: [UInt8]) async throws
    func votes(validAfter: UInt64) async throws -> [(authority: [UInt8], envelope: [UInt8])]

    // The consensus this authority computed for a round, and the signatures collected over it.
    func pendingConsensus(validAfter: UInt64) async throws -> (id: [UInt8], body: [UInt8])?
    func putPendingConsensus(validAfter: UInt64, id: [UInt8], body: [UInt8]) async throws
    func addSignatures(validAfter: UInt64, consensusID: [UInt8], signatures: [(signer: [UInt8], signature: [UInt8])])
        async throws
    func signatures(validAfter: UInt64, consensusID: [UInt8]) async throws -> [(signer: [UInt8], signature: [UInt8])]

    // Published consensus documents.
    func putConsensus(validAfter: UInt64, id: [UInt8], envelope: [UInt8]) async throws
    func consensus(validAfter: UInt64) async throws -> [UInt8]?
    func consensus(id: [UInt8]) async throws -> [UInt8]?
    func latestConsensus() async throws -> (validAfter: UInt64, envelope: [UInt8])?

    /// Drops votes, signatures and consensus documents of rounds that ended before `validAfter`.
    func prune(before validAfter: UInt64) async throws
}

public struct StoredDescriptor: Sendable, Hashable {
    public var identity: [UInt8]
    public var descriptorID: [UInt8]
    public var published: UInt64
    public var envelope: [UInt8]
    public var received: UInt64

    public init(identity: [UInt8], descriptorID: [UInt8], published: UInt64, envelope: [UInt8], received: UInt64) {
        self.identity = identity
        self.descriptorID = descriptorID
        self.published = published
        self.envelope = envelope
        self.received = received
    }
}

/// What the reachability tests found out about a relay.
public struct RelayStatus: Sendable, Hashable {
    public var identity: [UInt8]
    /// Start of the current run of successful tests (nil: last test failed or none yet).
    public var runningSince: UInt64?
    public var lastSuccess: UInt64?
    public var lastAttempt: UInt64?
    public var lastError: String?

    public init(
        identity: [UInt8], runningSince: UInt64? = nil, lastSuccess: UInt64? = nil, lastAttempt: UInt64? = nil,
        lastError: String? = nil
    ) {
        self.identity = identity
        self.runningSince = runningSince
        self.lastSuccess = lastSuccess
        self.lastAttempt = lastAttempt
        self.lastError = lastError
    }
}

public struct StoredAction: Sendable, Hashable {
    public var id: [UInt8]
    public var kind: UInt16
    public var subject: [UInt8]
    public var sequence: UInt64
    public var envelope: [UInt8]
    public var received: UInt64

    public init(id: [UInt8], kind: UInt16, subject: [UInt8], sequence: UInt64, envelope: [UInt8], received: UInt64) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.sequence = sequence
        self.envelope = envelope
        self.received = received
    }
}

public struct StoredMember: Sendable, Hashable {
    public var memberID: [UInt8]
    public var actionID: [UInt8]
    /// The admit action envelope: the member's certificate.
    public var envelope: [UInt8]
    public var roles: UInt8
    public var validUntil: UInt64
    /// Position of the admitting action (filled in by the store).
    public var position: UInt64

    public init(
        memberID: [UInt8], actionID: [UInt8], envelope: [UInt8], roles: UInt8, validUntil: UInt64, position: UInt64 = 0
    ) {
        self.memberID = memberID
        self.actionID = actionID
        self.envelope = envelope
        self.roles = roles
        self.validUntil = validUntil
        self.position = position
    }
}
