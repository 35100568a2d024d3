import SuretyCrypto
import SuretyDocuments
import SuretyTestSupport
import Testing

/// RFC 9162 §2.1 Merkle trees: the algorithms are hash-agnostic, so they are checked against the
/// RFC 6962 reference tree (SHA-256) that Certificate Transparency implementations share, then
/// exhaustively with BLAKE2b-256 (the hash Surety uses).
@Suite("Merkle proofs (RFC 9162 §2.1)")
struct MerkleProofTests {
    static let sha256 = MerkleHasher { SHA256.hash($0) }

    // Reference leaves and tree heads for sizes 1…8: the Certificate Transparency test data
    // (RFC 6962 reference tree, as in certificate-transparency/trillian merkle tests).
    static let referenceEntries = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ]
    static let referenceRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    static let emptyRoot = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    var referenceLeaves: [[UInt8]] {
        Self.referenceEntries.map { Self.sha256.leaf(Hex.decode($0)) }
    }

    @Test("roots, frontier roots and the empty root match the RFC 6962 reference tree")
    func referenceRoots() {
        let leaves = referenceLeaves
        #expect(Hex.encode(MerkleTree.root(leafHashes: [][...], hasher: Self.sha256)) == Self.emptyRoot)
        var frontier = MerkleFrontier()
        #expect(Hex.encode(frontier.root(hasher: Self.sha256)) == Self.emptyRoot)
        for size in 1...8 {
            #expect(
                Hex.encode(MerkleTree.root(leafHashes: leaves[0..<size], hasher: Self.sha256))
                    == Self.referenceRoots[size - 1])
            frontier.append(leafHash: leaves[size - 1], hasher: Self.sha256)
            #expect(Hex.encode(frontier.root(hasher: Self.sha256)) == Self.referenceRoots[size - 1])
        }
    }

    @Test("inclusion and consistency proofs match the reference proofs")
    func referenceProofs() {
        let leaves = referenceLeaves
        // Inclusion of leaf 0 and leaf 5 in the tree of 8; consistency 2→8 and 6→8 (same data set).
        let inclusion0 = [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]
        let inclusion5 = [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]
        let consistency2 = [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]
        let consistency6 = [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]
        let root8 = Hex.decode(Self.referenceRoots[7])
        for (index, expected) in [(UInt64(0), inclusion0), (5, inclusion5)] {
            let proof = MerkleTree.inclusionProof(index: index, size: 8, leafHashes: leaves, hasher: Self.sha256)
            #expect(proof?.map(Hex.encode) == expected)
            #expect(
                MerkleTree.verifyInclusion(
                    leafHash: leaves[Int(index)], index: index, size: 8, proof: expected.map(Hex.decode), root: root8,
                    hasher: Self.sha256))
        }
        for (old, expected) in [(UInt64(2), consistency2), (6, consistency6)] {
            let proof = MerkleTree.consistencyProof(oldSize: old, newSize: 8, leafHashes: leaves, hasher: Self.sha256)
            #expect(proof?.map(Hex.encode) == expected)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: old, newSize: 8, oldRoot: Hex.decode(Self.referenceRoots[Int(old) - 1]), newRoot: root8,
                    proof: expected.map(Hex.decode), hasher: Self.sha256))
        }
    }

    @Test("every proof in trees of 0…40 leaves verifies, and any damaged proof does not")
    func exhaustiveProofs() {
        let leaves = (0..<40).map { MerkleHasher.blake2b256.leaf([UInt8($0), 0x5a]) }
        let roots = (0...40).map { MerkleTree.root(leafHashes: leaves[0..<$0]) }
        var frontier = MerkleFrontier()
        for size in 0...40 {
            #expect(frontier.root() == roots[size])
            if size < 40 { frontier.append(leafHash: leaves[size]) }
            for index in 0..<size {
                guard
                    let proof = MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(size), leafHashes: leaves)
                else {
                    Issue.record("no proof for \(index)/\(size)")
                    continue
                }
                let ok = MerkleTree.verifyInclusion(
                    leafHash: leaves[index], index: UInt64(index), size: UInt64(size), proof: proof, root: roots[size])
                #expect(ok, "inclusion \(index)/\(size)")
                #expect(
                    !MerkleTree.verifyInclusion(
                        leafHash: leaves[(index + 1) % 40], index: UInt64(index), size: UInt64(size), proof: proof,
                        root: roots[size]))
                if !proof.isEmpty {
                    var damaged = proof
                    damaged[damaged.count - 1][0] ^= 1
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: leaves[index], index: UInt64(index), size: UInt64(size), proof: damaged,
                            root: roots[size]))
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: leaves[index], index: UInt64(index), size: UInt64(size),
                            proof: Array(proof.dropLast()), root: roots[size]))
                }
            }
            for old in 0...size {
                guard
                    let proof = MerkleTree.consistencyProof(
                        oldSize: UInt64(old), newSize: UInt64(size), leafHashes: leaves)
                else {
                    Issue.record("no proof for \(old)→\(size)")
                    continue
                }
                #expect(
                    MerkleTree.verifyConsistency(
                        oldSize: UInt64(old), newSize: UInt64(size), oldRoot: roots[old], newRoot: roots[size],
                        proof: proof), "consistency \(old)→\(size)")
                if old > 0, old < size {
                    var damaged = proof
                    damaged[0][3] ^= 0x80
                    #expect(
                        !MerkleTree.verifyConsistency(
                            oldSize: UInt64(old), newSize: UInt64(size), oldRoot: roots[old], newRoot: roots[size],
                            proof: damaged))
                    // A head that is not a prefix of the new log is refused.
                    #expect(
                        !MerkleTree.verifyConsistency(
                            oldSize: UInt64(old), newSize: UInt64(size), oldRoot: roots[old - 1],
                            newRoot: roots[size], proof: proof))
                }
            }
        }
    }

    @Test("malformed proofs are rejected without trapping")
    func malformedInputs() {
        let leaves = (0..<8).map { MerkleHasher.blake2b256.leaf([UInt8($0)]) }
        let root = MerkleTree.root(leafHashes: leaves[...])
        #expect(MerkleTree.inclusionProof(index: 8, size: 8, leafHashes: leaves) == nil)
        #expect(MerkleTree.inclusionProof(index: 0, size: 9, leafHashes: leaves) == nil)
        #expect(MerkleTree.consistencyProof(oldSize: 5, newSize: 3, leafHashes: leaves) == nil)
        #expect(!MerkleTree.verifyInclusion(leafHash: leaves[0], index: 8, size: 8, proof: [], root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: [1, 2], index: 0, size: 8, proof: [], root: root))
        #expect(!MerkleTree.verifyConsistency(oldSize: 8, newSize: 6, oldRoot: root, newRoot: root, proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: 4, newSize: 8, oldRoot: root, newRoot: root, proof: []))
        #expect(MerkleFrontier(size: 3, subtrees: [root]) == nil)
    }
}
