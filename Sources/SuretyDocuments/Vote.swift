public import SuretyCrypto
public import SuretyWire

/// One authority's view of the network for one consensus round, signed by that authority alone.
///
/// Implements Docs/SPEC-DOCUMENTS.md §D.6 (doctype `vote`, version 1). Authorities exchange votes
/// over HTTP; each combines the same set of votes with `ConsensusBuilder` into the same consensus.
public struct Vote: Hashable, Sendable, CanonicalDocument {
    public static let documentType = "vote"
    public static let version: UInt16 = 1
    public static let maximumRelays = 100_000

    public var authority: Ed25519.PublicKey
    public var period: ConsensusPeriod
    public var published: UInt64
    /// The relays this authority lists, each with the descriptor it holds (any order on input;
    /// encoded in ascending identity order).
    public var relays: [VoteRelay]
    public var membership: MembershipSummary
    public var governanceLog: GovernanceLogHead
    public var parameters: ProtocolParameters
    /// Ids of verified governance actions this authority holds without a log position
    /// (Docs/SPEC-GOVERNANCE.md §G.4: the consensus fixes their positions). Ascending.
    public var pendingActions: [Bytes32]

    public init(
        authority: Ed25519.PublicKey, period: ConsensusPeriod, published: UInt64, relays: [VoteRelay],
        membership: MembershipSummary, governanceLog: GovernanceLogHead, parameters: ProtocolParameters,
        pendingActions: [Bytes32] = []
    ) {
        self.authority = authority
        self.period = period
        self.published = published
        self.relays = relays
        self.membership = membership
        self.governanceLog = governanceLog
        self.parameters = parameters
        self.pendingActions = Array(Set(pendingActions)).sorted()
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(authority.rawRepresentation, tag: 2)
        try period.encode(canonical: &w, tags: (4, 6, 8))
        try w.encode(published, tag: 10)
        try w.encodeOptionalList(records: relays.sorted { $0.identity.lexicographicallyPrecedes($1.identity) }, tag: 12)
        try membership.encode(canonical: &w, tags: (14, 16))
        try governanceLog.encode(canonical: &w, tags: (18, 20))
        try w.encode(record: parameters, tag: 22)
        try w.encodeOptionalList(pendingActions, tag: 23, sorted: true)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        authority = try r.ed25519Key(2)
        period = try ConsensusPeriod(canonical: &r, tags: (4, 6, 8))
        published = try r.decode(UInt64.self, tag: 10)
        relays = try r.records(VoteRelay.self, tag: 12, maximumCount: Self.maximumRelays)
        guard zip(relays, relays.dropFirst()).allSatisfy({ $0.identity.lexicographicallyPrecedes($1.identity) }) else {
            throw DocumentError(.malformed, "vote relays must be strictly ascending by identity")
        }
        membership = try MembershipSummary(canonical: &r, tags: (14, 16))
        governanceLog = try GovernanceLogHead(canonical: &r, tags: (18, 20))
        parameters = try r.decode(record: ProtocolParameters.self, tag: 22)
        pendingActions = try r.decodeListIfPresent(Bytes32.self, tag: 23, sorted: true) ?? []
        guard pendingActions.count <= GovernanceLogUpdate.maximumPending else {
            throw DocumentError(
                .malformed, "a vote lists at most \(GovernanceLogUpdate.maximumPending) pending actions")
        }
    }
}

/// One relay in a vote: the signed descriptor the authority holds and what it measured.
/// Record of Docs/SPEC-DOCUMENTS.md §D.6.
public struct VoteRelay: Hashable, Sendable, CanonicalRecord {
    /// Identity key bytes of the relay (repeated from the descriptor so votes sort without decoding it).
    public var identity: [UInt8]
    /// The relay's signed descriptor envelope, as uploaded.
    public var descriptor: SignedEnvelope
    /// Flags this authority assigns.
    public var flags: RelayFlags
    /// Bandwidth this authority attributes to the relay (bytes/s).
    public var measuredBandwidth: UInt64

    public init(identity: [UInt8], descriptor: SignedEnvelope, flags: RelayFlags, measuredBandwidth: UInt64) {
        self.identity = identity
        self.descriptor = descriptor
        self.flags = flags
        self.measuredBandwidth = measuredBandwidth
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(identity, tag: 2)
        try w.encode(try descriptor.encoded(), tag: 4)
        try w.encode(flags.rawValue, tag: 6)
        try w.encode(measuredBandwidth, tag: 8)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        identity = try r.bytes(2, count: 32)
        descriptor = try SignedEnvelope(decoding: try r.decode([UInt8].self, tag: 4))
        flags = RelayFlags(rawValue: try r.decode(UInt16.self, tag: 6))
        measuredBandwidth = try r.decode(UInt64.self, tag: 8)
    }
}
