public import SuretyWire

/// The kinds of governance log entries (Docs/SPEC.md §10.2; GOVERNANCE cells carry the same numbers).
public struct GovernanceEntryKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A k-of-m admin action (`governance-action`).
    public static let adminAction = GovernanceEntryKind(rawValue: 1)
    /// An operator statement signed by the operator's member key (`operator-statement`; a later issue).
    public static let operatorStatement = GovernanceEntryKind(rawValue: 2)
    /// A single-admin message, e.g. an escrow decryption share (`admin-message`; a later issue).
    public static let adminMessage = GovernanceEntryKind(rawValue: 3)

    /// The envelope document type of this kind's entries.
    public var documentType: String? {
        switch self {
        case .adminAction: GovernanceAction.documentType
        case .operatorStatement: "operator-statement"
        case .adminMessage: "admin-message"
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .adminAction: "admin-action"
        case .operatorStatement: "operator-statement"
        case .adminMessage: "admin-message"
        default: "entry-kind-\(rawValue)"
        }
    }
}

/// The part of a log entry the Merkle tree commits to (Docs/SPEC-GOVERNANCE.md §G.4, record
/// `log-leaf`): the entry's position, the log head before it (so entries form a hash chain as well
/// as a tree), the consensus round that fixed the position, the entry kind and the signed body.
///
/// Signatures are not part of the leaf: authorities may hold different (equally valid) sets of
/// admin signatures over one action, and the leaf must be the same bytes on every authority.
public struct GovernanceLogLeaf: Hashable, Sendable, CanonicalRecord {
    public var position: UInt64
    /// MTH of the entries before this one (RFC 9162 root of the first `position` leaves).
    public var previousHead: Bytes32
    /// Valid-after of the consensus round that fixed this position.
    public var round: UInt64
    public var kind: GovernanceEntryKind
    /// The signed document's body (a canonical record of the kind's document type, version 1).
    public var body: [UInt8]

    public init(position: UInt64, previousHead: Bytes32, round: UInt64, kind: GovernanceEntryKind, body: [UInt8]) {
        self.position = position
        self.previousHead = previousHead
        self.round = round
        self.kind = kind
        self.body = body
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(position, tag: 2)
        try w.encode(previousHead, tag: 4)
        try w.encode(round, tag: 6)
        try w.encode(kind.rawValue, tag: 8)
        try w.encode(body, tag: 10)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        position = try r.decode(UInt64.self, tag: 2)
        previousHead = try r.decode(Bytes32.self, tag: 4)
        round = try r.decode(UInt64.self, tag: 6)
        kind = GovernanceEntryKind(rawValue: try r.decode(UInt8.self, tag: 8))
        body = try r.decode([UInt8].self, tag: 10)
    }
}

/// One governance log entry as served (Docs/SPEC-GOVERNANCE.md §G.4, record `log-entry`): the leaf
/// bytes exactly as hashed, and the signatures that make the body self-authenticating.
public struct GovernanceLogEntry: Hashable, Sendable, CanonicalRecord {
    /// The encoded leaf; its Merkle leaf hash is `MerkleHasher.leaf(leafBytes)`.
    public let leafBytes: [UInt8]
    public let leaf: GovernanceLogLeaf
    public let signatures: SignatureBlock

    public init(leaf: GovernanceLogLeaf, signatures: SignatureBlock) throws {
        self.leaf = leaf
        self.leafBytes = try CanonicalEncoder.encode(leaf)
        self.signatures = signatures
    }

    /// The leaf hash the log's Merkle tree uses.
    public var leafHash: [UInt8] { MerkleHasher.blake2b256.leaf(leafBytes) }

    /// The signed envelope the entry carries (type from the entry kind, version 1).
    public var envelope: SignedEnvelope {
        get throws {
            guard let type = leaf.kind.documentType else {
                throw DocumentError(.invalidField, "unknown log entry kind \(leaf.kind.rawValue)")
            }
            return try SignedEnvelope(documentType: type, version: 1, body: leaf.body, signatures: signatures)
        }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(leafBytes, tag: 2)
        try w.encode(signatures.encoded(), tag: 4)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        leafBytes = try r.decode([UInt8].self, tag: 2)
        leaf = try CanonicalDecoder.decode(GovernanceLogLeaf.self, from: leafBytes)
        signatures = try SignatureBlock(decoding: try r.decode([UInt8].self, tag: 4))
    }

    public func encoded() throws -> [UInt8] { try CanonicalEncoder.encode(self) }

    public init(decoding bytes: [UInt8]) throws {
        self = try CanonicalDecoder.decode(GovernanceLogEntry.self, from: bytes)
    }
}
