import SuretyCrypto
public import SuretyWire

/// One answer of the action stream `GET /v1/log/updates` (Docs/SPEC-GOVERNANCE.md §G.6, record
/// `log-update`): log entries from the position the follower asked for, every verified action the
/// authority holds that has no position yet (enforced at once; positions follow at the next
/// consensus), and a fresh checkpoint of the authority's log head.
///
/// Nothing in it is trusted: the follower verifies each entry and action itself and the checkpoint
/// against the genesis authorities.
public struct GovernanceLogUpdate: Hashable, Sendable, CanonicalRecord {
    /// Most entries in one answer (the follower asks again from where it got to).
    public static let maximumEntries = 1000
    /// Most pending actions in one answer.
    public static let maximumPending = 10_000

    public var entries: [GovernanceLogEntry]
    /// Signed `governance-action` envelopes without a log position yet.
    public var pending: [SignedEnvelope]
    /// A `log-checkpoint` envelope signed by the answering authority.
    public var checkpoint: SignedEnvelope
    /// `pendingDigest(pending ids)`: what the follower sends back so the authority can wait until it changes.
    public var pendingDigest: Bytes32

    public init(
        entries: [GovernanceLogEntry], pending: [SignedEnvelope], checkpoint: SignedEnvelope, pendingDigest: Bytes32
    ) {
        self.entries = entries
        self.pending = pending
        self.checkpoint = checkpoint
        self.pendingDigest = pendingDigest
    }

    /// BLAKE2b-256 over the sorted ids of the pending actions (the empty set included).
    public static func pendingDigest(of ids: some Sequence<Bytes32>) -> Bytes32 {
        var input: [UInt8] = Array("surety/pending/v1".utf8)
        for id in ids.sorted() { input += id.bytes }
        return GovernanceLog.bytes32((try? BLAKE2b.hash(input, outputLength: 32)) ?? [])
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encodeOptionalList(records: entries, tag: 2)
        try w.encodeOptionalList(try pending.map { try $0.encoded() }, tag: 4)
        try w.encode(try checkpoint.encoded(), tag: 6)
        try w.encode(pendingDigest, tag: 8)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        entries = try r.records(GovernanceLogEntry.self, tag: 2, maximumCount: Self.maximumEntries)
        pending = try (r.listIfPresent(4, maximumCount: Self.maximumPending) ?? []).map {
            try SignedEnvelope(decoding: $0)
        }
        checkpoint = try SignedEnvelope(decoding: try r.decode([UInt8].self, tag: 6))
        pendingDigest = try r.decode(Bytes32.self, tag: 8)
    }

    public func encoded() throws -> [UInt8] { try CanonicalEncoder.encode(self) }

    public init(decoding bytes: [UInt8]) throws {
        self = try CanonicalDecoder.decode(GovernanceLogUpdate.self, from: bytes)
    }
}
