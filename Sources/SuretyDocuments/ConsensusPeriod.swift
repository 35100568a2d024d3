public import SuretyWire

/// The three times of a consensus round (Docs/SPEC-DOCUMENTS.md §D.7):
/// `validAfter` (the round's start, a multiple of the voting interval), `freshUntil`
/// (`validAfter` + interval: fetch a newer one after this) and `validUntil`
/// (`validAfter` + consensus lifetime: after this the consensus must not be used).
public struct ConsensusPeriod: Hashable, Sendable, Comparable {
    public var validAfter: UInt64
    public var freshUntil: UInt64
    public var validUntil: UInt64

    public init(validAfter: UInt64, freshUntil: UInt64, validUntil: UInt64) throws {
        guard validAfter < freshUntil, freshUntil <= validUntil else {
            throw DocumentError(.invalidField, "need valid-after < fresh-until <= valid-until")
        }
        self.validAfter = validAfter
        self.freshUntil = freshUntil
        self.validUntil = validUntil
    }

    /// The round starting at `validAfter` under `parameters`.
    public init(validAfter: UInt64, parameters: ProtocolParameters) {
        self.validAfter = validAfter
        freshUntil = validAfter + UInt64(parameters.votingInterval)
        validUntil = validAfter + UInt64(parameters.consensusLifetime)
    }

    public static func < (lhs: ConsensusPeriod, rhs: ConsensusPeriod) -> Bool { lhs.validAfter < rhs.validAfter }

    func encode(canonical w: inout CanonicalEncoder, tags: (UInt16, UInt16, UInt16)) throws {
        try w.encode(validAfter, tag: tags.0)
        try w.encode(freshUntil, tag: tags.1)
        try w.encode(validUntil, tag: tags.2)
    }

    init(canonical r: inout CanonicalDecoder, tags: (UInt16, UInt16, UInt16)) throws {
        try self.init(
            validAfter: try r.decode(UInt64.self, tag: tags.0), freshUntil: try r.decode(UInt64.self, tag: tags.1),
            validUntil: try r.decode(UInt64.self, tag: tags.2))
    }
}

/// The member set an authority (or the consensus) vouches for: a Merkle root over the admitted
/// members and their number (Docs/SPEC-DOCUMENTS.md §D.8).
public struct MembershipSummary: Hashable, Sendable {
    public var root: [UInt8]
    public var count: UInt64

    public init(root: [UInt8], count: UInt64) {
        self.root = root
        self.count = count
    }

    func encode(canonical w: inout CanonicalEncoder, tags: (UInt16, UInt16)) throws {
        try w.encode(root, tag: tags.0)
        try w.encode(count, tag: tags.1)
    }

    init(canonical r: inout CanonicalDecoder, tags: (UInt16, UInt16)) throws {
        root = try r.bytes(tags.0, count: 32)
        count = try r.decode(UInt64.self, tag: tags.1)
    }
}

/// The governance log head the consensus signs (issue 6 fills it; until then the empty log:
/// size 0 and the RFC 9162 hash of the empty tree).
public struct GovernanceLogHead: Hashable, Sendable {
    public var head: [UInt8]
    public var size: UInt64

    public init(head: [UInt8], size: UInt64) {
        self.head = head
        self.size = size
    }

    /// The empty log.
    public static var empty: GovernanceLogHead { GovernanceLogHead(head: MerkleTree.root(of: []), size: 0) }

    func encode(canonical w: inout CanonicalEncoder, tags: (UInt16, UInt16)) throws {
        try w.encode(head, tag: tags.0)
        try w.encode(size, tag: tags.1)
    }

    init(canonical r: inout CanonicalDecoder, tags: (UInt16, UInt16)) throws {
        head = try r.bytes(tags.0, count: 32)
        size = try r.decode(UInt64.self, tag: tags.1)
    }
}
