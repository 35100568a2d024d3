import SuretyCrypto

/// The hash a Merkle tree is built with. Surety uses BLAKE2b-256 (`.blake2b256`); the algorithms
/// are written once for any 32-byte hash so that they can be checked against RFC 6962's SHA-256
/// reference trees.
public struct MerkleHasher: Sendable {
    let function: @Sendable ([UInt8]) -> [UInt8]

    public init(_ function: @escaping @Sendable ([UInt8]) -> [UInt8]) { self.function = function }

    /// BLAKE2b-256, the hash of every Surety tree (membership root, governance log).
    public static let blake2b256 = MerkleHasher { MerkleTree.hash($0) }

    /// HASH(0x00 ‖ d): the hash of a leaf (RFC 9162 §2.1.1).
    public func leaf(_ data: [UInt8]) -> [UInt8] { function([0] + data) }

    /// HASH(0x01 ‖ left ‖ right): the hash of an interior node (RFC 9162 §2.1.1).
    public func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var input: [UInt8] = [1]
        input.reserveCapacity(1 + left.count + right.count)
        input += left
        input += right
        return function(input)
    }

    /// HASH(""): the root of the empty tree.
    public var empty: [UInt8] { function([]) }
}

/// Roots, inclusion proofs and consistency proofs of RFC 9162 §2.1 over leaf hashes.
///
/// Functions take the leaf hashes (`MerkleHasher.leaf` of each entry), not the entries, so a log
/// keeps 32 bytes per entry in memory. Verification returns false for every malformed input
/// (wrong sizes, wrong lengths): proofs arrive from the network.
extension MerkleTree {
    /// MTH(D[n]) from the leaf hashes (RFC 9162 §2.1.1), with k the largest power of two below n.
    public static func root(leafHashes: ArraySlice<[UInt8]>, hasher: MerkleHasher = .blake2b256) -> [UInt8] {
        switch leafHashes.count {
        case 0: return hasher.empty
        case 1: return leafHashes[leafHashes.startIndex]
        default:
            let split = leafHashes.startIndex + largestPowerOfTwo(below: leafHashes.count)
            return hasher.node(
                root(leafHashes: leafHashes[..<split], hasher: hasher),
                root(leafHashes: leafHashes[split...], hasher: hasher))
        }
    }

    /// PATH(m, D[n]): the inclusion proof of leaf `index` in the tree of the first `size` leaves
    /// (RFC 9162 §2.1.3.1). Nil if `index` ≥ `size` or `size` exceeds the leaves given.
    public static func inclusionProof(
        index: UInt64, size: UInt64, leafHashes: [[UInt8]], hasher: MerkleHasher = .blake2b256
    ) -> [[UInt8]]? {
        guard index < size, size <= UInt64(leafHashes.count) else { return nil }
        return path(Int(index), leafHashes[0..<Int(size)], hasher)
    }

    private static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ hasher: MerkleHasher) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if m < k {
            return path(m, leaves[..<split], hasher) + [root(leafHashes: leaves[split...], hasher: hasher)]
        }
        return path(m - k, leaves[split...], hasher) + [root(leafHashes: leaves[..<split], hasher: hasher)]
    }

    /// PROOF(m, D[n]): the consistency proof from the tree of the first `oldSize` leaves to the tree
    /// of the first `newSize` (RFC 9162 §2.1.4.1). Empty when `oldSize` is 0 or equals `newSize`;
    /// nil if `oldSize` > `newSize` or `newSize` exceeds the leaves given.
    public static func consistencyProof(
        oldSize: UInt64, newSize: UInt64, leafHashes: [[UInt8]], hasher: MerkleHasher = .blake2b256
    ) -> [[UInt8]]? {
        guard oldSize <= newSize, newSize <= UInt64(leafHashes.count) else { return nil }
        guard oldSize > 0, oldSize < newSize else { return [] }
        return subproof(Int(oldSize), leafHashes[0..<Int(newSize)], true, hasher)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ b: Bool, _ hasher: MerkleHasher)
        -> [[UInt8]]
    {
        if m == leaves.count { return b ? [] : [root(leafHashes: leaves, hasher: hasher)] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[..<split], b, hasher) + [root(leafHashes: leaves[split...], hasher: hasher)]
        }
        return subproof(m - k, leaves[split...], false, hasher) + [root(leafHashes: leaves[..<split], hasher: hasher)]
    }

    /// Verifies an inclusion proof (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, size: UInt64, proof: [[UInt8]], root: [UInt8],
        hasher: MerkleHasher = .blake2b256
    ) -> Bool {
        guard index < size, leafHash.count == 32, root.count == 32, proof.allSatisfy({ $0.count == 32 }) else {
            return false
        }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = hasher.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = hasher.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && ConstantTime.equal(r, root)
    }

    /// Verifies a consistency proof between two tree heads (RFC 9162 §2.1.4.2). Sizes equal:
    /// the proof must be empty and the roots equal; old size 0: the proof must be empty.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]],
        hasher: MerkleHasher = .blake2b256
    ) -> Bool {
        guard oldSize <= newSize, oldRoot.count == 32, newRoot.count == 32, proof.allSatisfy({ $0.count == 32 })
        else { return false }
        if oldSize == newSize { return proof.isEmpty && ConstantTime.equal(oldRoot, newRoot) }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        // Step 2: when the old tree is a complete subtree (a power of two), its root starts the path.
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard let first = path.first else { return false }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = first
        var sr = first
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = hasher.node(c, fr)
                sr = hasher.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = hasher.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && ConstantTime.equal(fr, oldRoot) && ConstantTime.equal(sr, newRoot)
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// The right edge of a Merkle tree: the roots of its maximal complete subtrees, left to right
/// (a "compact range"). Appending is O(log n) and gives the RFC 9162 root of every prefix, so a
/// follower verifies log heads without keeping every leaf.
public struct MerkleFrontier: Hashable, Sendable {
    /// Number of leaves.
    public private(set) var size: UInt64 = 0
    /// Roots of the complete subtrees, largest (leftmost) first; one per set bit of `size`.
    public private(set) var subtrees: [[UInt8]] = []

    public init() {}

    /// Rebuilds a frontier from its parts; nil if they do not fit together.
    public init?(size: UInt64, subtrees: [[UInt8]]) {
        guard subtrees.count == size.nonzeroBitCount, subtrees.allSatisfy({ $0.count == 32 }) else { return nil }
        self.size = size
        self.subtrees = subtrees
    }

    /// Appends a leaf hash.
    public mutating func append(leafHash: [UInt8], hasher: MerkleHasher = .blake2b256) {
        var hash = leafHash
        var carry = size
        // Each trailing 1 bit of the old size is a complete subtree of the new leaf's height: merge.
        while carry & 1 == 1 {
            hash = hasher.node(subtrees.removeLast(), hash)
            carry >>= 1
        }
        subtrees.append(hash)
        size += 1
    }

    /// MTH of the leaves appended so far: the subtree roots folded from the right.
    public func root(hasher: MerkleHasher = .blake2b256) -> [UInt8] {
        guard var hash = subtrees.last else { return hasher.empty }
        for subtree in subtrees.dropLast().reversed() { hash = hasher.node(subtree, hash) }
        return hash
    }
}
