import SuretyCrypto

/// RFC 9162 §2.1.1 Merkle Tree Hash with BLAKE2b-256 in place of SHA-256:
/// MTH({}) = H(""), MTH({d}) = H(0x00 ‖ d), MTH(D[n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k
/// the largest power of two below n. Used for the membership root (and, in issue 6, the governance log).
public enum MerkleTree {
    public static func root(of leaves: [[UInt8]]) -> [UInt8] {
        guard !leaves.isEmpty else { return hash([]) }
        var level = leaves.map { hash([0] + $0) }
        // Bottom-up pairing gives the same tree as RFC 9162's split at the largest power of two:
        // an odd node at the end of a level is promoted unchanged.
        while level.count > 1 {
            var next: [[UInt8]] = []
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index + 1 < level.count {
                next.append(hash([1] + level[index] + level[index + 1]))
                index += 2
            }
            if index < level.count { next.append(level[index]) }
            level = next
        }
        return level[0]
    }

    static func hash(_ bytes: [UInt8]) -> [UInt8] {
        // 32 bytes is inside BLAKE2b's output range: cannot throw.
        (try? BLAKE2b.hash(bytes, outputLength: 32)) ?? []
    }
}
