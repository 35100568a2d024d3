import SuretyCrypto
public import SuretyWire

/// The change from one consensus to a later one, so a client holding the old one downloads only
/// what changed (Docs/SPEC-DOCUMENTS.md §D.11). The client applies it, re-encodes the result
/// canonically and verifies the signatures carried here over those bytes: a diff needs no
/// signature of its own, and a wrong diff simply fails verification.
public struct ConsensusDiff: Hashable, Sendable, CanonicalRecord {
    /// Id of the consensus the diff applies to.
    public var fromID: Bytes32
    /// Id of the consensus it produces.
    public var toID: Bytes32
    /// The new consensus with `relays` emptied (period, membership, log head, parameters, voters).
    public var header: Consensus
    /// Identities of relays to remove.
    public var removed: [[UInt8]]
    /// Relays added or changed.
    public var upserted: [ConsensusRelay]
    /// The new consensus's signatures.
    public var signatures: SignatureBlock

    /// The diff from `old` to `new` (`newEnvelope` carries the signatures).
    public init(from old: Consensus, to new: Consensus, newEnvelope: SignedEnvelope) throws {
        fromID = try DocumentSigning.documentID(of: try SignedEnvelope(document: old))
        toID = try DocumentSigning.documentID(of: newEnvelope)
        var header = new
        header.relays = []
        self.header = header
        let oldByIdentity = Dictionary(
            old.relays.map { ($0.identity.rawRepresentation, $0) }, uniquingKeysWith: { a, _ in a })
        let newIdentities = Set(new.relays.map { $0.identity.rawRepresentation })
        removed = old.relays.map { $0.identity.rawRepresentation }.filter { !newIdentities.contains($0) }
        upserted = new.relays.filter { oldByIdentity[$0.identity.rawRepresentation] != $0 }
        signatures = newEnvelope.signatures
    }

    /// Applies the diff to `old` and returns the new consensus envelope (still to be verified).
    public func apply(to old: Consensus) throws -> SignedEnvelope {
        guard try DocumentSigning.documentID(of: try SignedEnvelope(document: old)) == fromID else {
            throw DocumentError(.inconsistent, "the diff is not from this consensus")
        }
        let removedSet = Set(removed)
        var relays: [[UInt8]: ConsensusRelay] = [:]
        for relay in old.relays where !removedSet.contains(relay.identity.rawRepresentation) {
            relays[relay.identity.rawRepresentation] = relay
        }
        for relay in upserted { relays[relay.identity.rawRepresentation] = relay }
        var new = header
        new.relays = relays.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { relays[$0] }
        let envelope = try SignedEnvelope(document: new, signatures: signatures)
        guard try DocumentSigning.documentID(of: envelope) == toID else {
            throw DocumentError(.inconsistent, "the diff does not produce the consensus it names")
        }
        return envelope
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(fromID, tag: 2)
        try w.encode(toID, tag: 4)
        try w.encode(record: header, tag: 6)
        try w.encodeOptionalList(removed, tag: 8)
        try w.encodeOptionalList(records: upserted, tag: 10)
        try w.encode(signatures.encoded(), tag: 12)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        fromID = try r.decode(Bytes32.self, tag: 2)
        toID = try r.decode(Bytes32.self, tag: 4)
        header = try r.decode(record: Consensus.self, tag: 6)
        removed = try r.listIfPresent(8, maximumCount: Consensus.maximumRelays) ?? []
        upserted = try r.records(ConsensusRelay.self, tag: 10, maximumCount: Consensus.maximumRelays)
        signatures = try SignatureBlock(decoding: try r.decode([UInt8].self, tag: 12))
    }
}
