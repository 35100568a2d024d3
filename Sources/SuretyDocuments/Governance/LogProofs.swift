public import SuretyWire

/// An inclusion proof as served by `GET /v1/log/proof/inclusion` (Docs/SPEC-GOVERNANCE.md §G.6,
/// record `inclusion-proof`). `root` is the prover's claim: compare it with a signed head (a
/// checkpoint or the consensus) before relying on the proof.
public struct InclusionProof: Hashable, Sendable, CanonicalRecord {
    public var index: UInt64
    public var size: UInt64
    public var leafHash: Bytes32
    public var root: Bytes32
    public var path: [[UInt8]]

    public init(index: UInt64, size: UInt64, leafHash: Bytes32, root: Bytes32, path: [[UInt8]]) {
        self.index = index
        self.size = size
        self.leafHash = leafHash
        self.root = root
        self.path = path
    }

    /// Whether the path proves the leaf at `index` in the tree of `size` with root `root`.
    public var isValid: Bool {
        MerkleTree.verifyInclusion(leafHash: leafHash.bytes, index: index, size: size, proof: path, root: root.bytes)
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(index, tag: 2)
        try w.encode(size, tag: 4)
        try w.encode(leafHash, tag: 6)
        try w.encode(root, tag: 8)
        try w.encodeOptionalList(path, tag: 10)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        index = try r.decode(UInt64.self, tag: 2)
        size = try r.decode(UInt64.self, tag: 4)
        leafHash = try r.decode(Bytes32.self, tag: 6)
        root = try r.decode(Bytes32.self, tag: 8)
        path = try r.listIfPresent(10, maximumCount: 64) ?? []
    }
}

/// A consistency proof as served by `GET /v1/log/proof/consistency` (§G.6, record
/// `consistency-proof`): the log of `newSize` entries extends the log of `oldSize` entries.
public struct ConsistencyProof: Hashable, Sendable, CanonicalRecord {
    public var oldSize: UInt64
    public var newSize: UInt64
    public var oldRoot: Bytes32
    public var newRoot: Bytes32
    public var path: [[UInt8]]

    public init(oldSize: UInt64, newSize: UInt64, oldRoot: Bytes32, newRoot: Bytes32, path: [[UInt8]]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.path = path
    }

    public var isValid: Bool {
        MerkleTree.verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot.bytes, newRoot: newRoot.bytes, proof: path)
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(oldSize, tag: 2)
        try w.encode(newSize, tag: 4)
        try w.encode(oldRoot, tag: 6)
        try w.encode(newRoot, tag: 8)
        try w.encodeOptionalList(path, tag: 10)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        oldSize = try r.decode(UInt64.self, tag: 2)
        newSize = try r.decode(UInt64.self, tag: 4)
        oldRoot = try r.decode(Bytes32.self, tag: 6)
        newRoot = try r.decode(Bytes32.self, tag: 8)
        path = try r.listIfPresent(10, maximumCount: 128) ?? []
    }
}
