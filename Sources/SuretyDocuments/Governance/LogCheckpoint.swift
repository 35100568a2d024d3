import SuretyCrypto
public import SuretyWire

/// An authority's signed statement of its governance log head at a time (Docs/SPEC-GOVERNANCE.md
/// §G.5, doctype `log-checkpoint` v1). Relays require one no older than a configured age, so an
/// authority (or a network path) that stops delivering the log is noticed, and an action withheld
/// from a relay cannot stay hidden: the consensus signs the same heads by majority.
public struct LogCheckpoint: Hashable, Sendable, CanonicalDocument {
    public static let documentType = "log-checkpoint"
    public static let version: UInt16 = 1

    public var size: UInt64
    /// MTH of the first `size` entries.
    public var head: Bytes32
    /// When it was signed (Unix seconds).
    public var time: UInt64
    /// Valid-after of the newest consensus round whose appends the log includes (0: none yet).
    public var round: UInt64

    public init(size: UInt64, head: Bytes32, time: UInt64, round: UInt64) {
        self.size = size
        self.head = head
        self.time = time
        self.round = round
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(size, tag: 2)
        try w.encode(head, tag: 4)
        try w.encode(time, tag: 6)
        try w.encode(round, tag: 8)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        size = try r.decode(UInt64.self, tag: 2)
        head = try r.decode(Bytes32.self, tag: 4)
        time = try r.decode(UInt64.self, tag: 6)
        round = try r.decode(UInt64.self, tag: 8)
    }

    /// Verifies a checkpoint envelope: at least `threshold` signatures by genesis authorities
    /// (1: any one authority vouches for its own log; a majority makes it as strong as a consensus).
    public static func verify(_ envelope: SignedEnvelope, genesis: Genesis, threshold: Int = 1) throws
        -> Verified<LogCheckpoint>
    {
        let policy = try SignaturePolicy(
            signers: genesis.authorities.map { DocumentSigning.keyID($0.identity) }, threshold: threshold)
        return try Unverified<LogCheckpoint>(envelope: envelope).verify(policy: policy, using: DocumentSigning.verifier)
    }
}
