public import SuretyWire

/// A list of signed envelopes served in one HTTP response (descriptors, members, votes), with an
/// optional resume position for incremental fetches. Not signed itself: each envelope is.
/// Record of Docs/SPEC-DOCUMENTS.md §D.10.
public struct DocumentBundle: Hashable, Sendable, CanonicalRecord {
    public var envelopes: [SignedEnvelope]
    /// Position to pass as `since` next time (member diffs).
    public var nextPosition: UInt64?

    public init(envelopes: [SignedEnvelope], nextPosition: UInt64? = nil) {
        self.envelopes = envelopes
        self.nextPosition = nextPosition
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encodeOptionalList(try envelopes.map { try $0.encoded() }, tag: 2)
        try w.encodeIfPresent(nextPosition, tag: 4)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        envelopes = try (r.listIfPresent(2, maximumCount: 1_000_000) ?? []).map { try SignedEnvelope(decoding: $0) }
        nextPosition = try r.decodeIfPresent(UInt64.self, tag: 4)
    }

    public func encoded() throws -> [UInt8] { try CanonicalEncoder.encode(self) }

    public init(decoding bytes: [UInt8]) throws {
        self = try CanonicalDecoder.decode(DocumentBundle.self, from: bytes)
    }
}

/// An authority's signatures over the consensus body it computed for a round, sent to its peers
/// (record of Docs/SPEC-DOCUMENTS.md §D.9). The receiver counts them only if the id equals the id
/// of the body it computed itself.
public struct ConsensusSignatures: Hashable, Sendable, CanonicalRecord {
    public var validAfter: UInt64
    /// Document id of the consensus body (SPEC §7.9).
    public var consensusID: Bytes32
    public var signatures: SignatureBlock

    public init(validAfter: UInt64, consensusID: Bytes32, signatures: SignatureBlock) {
        self.validAfter = validAfter
        self.consensusID = consensusID
        self.signatures = signatures
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(validAfter, tag: 2)
        try w.encode(consensusID, tag: 4)
        try w.encode(signatures.encoded(), tag: 6)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        validAfter = try r.decode(UInt64.self, tag: 2)
        consensusID = try r.decode(Bytes32.self, tag: 4)
        signatures = try SignatureBlock(decoding: try r.decode([UInt8].self, tag: 6))
    }
}
