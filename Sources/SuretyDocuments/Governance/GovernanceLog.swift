public import SuretyWire

/// A governance log replayed from genesis: the Merkle frontier (and, for authorities and
/// auditors, every leaf hash), the governance state the entries produce, and the checks that make
/// a log verifiable by anyone (Docs/SPEC-GOVERNANCE.md §G.4).
///
/// `append` accepts an entry only if it continues the log: its position is the log's size, its
/// previous head is the log's head, its round does not go back, its kind is known, its signatures
/// satisfy the genesis admin policy, and its action applies to the state. Otherwise it throws a
/// `GovernanceRejection` and nothing changes. `surety-admin log verify` is this loop over a whole log.
public struct GovernanceLog: Sendable {
    public let verifier: GovernanceActionVerifier
    /// Whether every leaf hash is kept (needed to serve proofs; a follower keeps only the frontier).
    public let keepsLeafHashes: Bool
    public private(set) var frontier = MerkleFrontier()
    public private(set) var leafHashes: [[UInt8]] = []
    public private(set) var state = GovernanceState()
    /// The largest round of any entry so far.
    public private(set) var lastRound: UInt64 = 0

    public init(verifier: GovernanceActionVerifier, keepsLeafHashes: Bool = true) {
        self.verifier = verifier
        self.keepsLeafHashes = keepsLeafHashes
    }

    /// Resumes from a follower's saved position (frontier and state); keeps no leaf hashes.
    public init(
        verifier: GovernanceActionVerifier, frontier: MerkleFrontier, state: GovernanceState, lastRound: UInt64
    ) {
        self.verifier = verifier
        keepsLeafHashes = false
        self.frontier = frontier
        self.state = state
        self.lastRound = lastRound
    }

    public var size: UInt64 { frontier.size }
    /// MTH of the whole log.
    public var head: Bytes32 { Self.bytes32(frontier.root()) }

    /// The entry that would record `action` next, with the positions fixed in round `round`.
    public func makeEntry(for action: VerifiedGovernanceAction, round: UInt64) throws -> GovernanceLogEntry {
        let minimal = try action.minimalEnvelope
        return try GovernanceLogEntry(
            leaf: GovernanceLogLeaf(
                position: size, previousHead: head, round: round, kind: .adminAction, body: minimal.body),
            signatures: minimal.signatures)
    }

    /// Verifies `entry` against the log and the state and appends it; returns the verified action
    /// and what it changed. Throws (changing nothing) if the entry does not continue the log.
    @discardableResult
    public mutating func append(_ entry: GovernanceLogEntry) throws(GovernanceRejection) -> (
        action: VerifiedGovernanceAction, change: GovernanceState.Change
    ) {
        let leaf = entry.leaf
        guard leaf.position == size else {
            throw GovernanceRejection(.brokenChain, "entry at position \(leaf.position), the log has \(size) entries")
        }
        guard leaf.previousHead == head else {
            throw GovernanceRejection(
                .brokenChain, "entry \(leaf.position) names a previous head that is not the log's head")
        }
        guard leaf.round >= lastRound else {
            throw GovernanceRejection(
                .brokenChain, "entry \(leaf.position) is from round \(leaf.round), after round \(lastRound)")
        }
        guard leaf.kind == .adminAction else {
            // Operator statements and single-admin messages get their schemas in later issues; a
            // log that holds one cannot be verified by this version.
            throw GovernanceRejection(.malformed, "log entry kind \(leaf.kind) is not supported by this version")
        }
        let envelope: SignedEnvelope
        do {
            envelope = try entry.envelope
        } catch {
            throw GovernanceRejection(.malformed, "entry \(leaf.position): \(error)")
        }
        let action = try verifier.verify(envelope)
        var next = state
        let change = try next.apply(action)
        state = next
        frontier.append(leafHash: entry.leafHash)
        if keepsLeafHashes { leafHashes.append(entry.leafHash) }
        lastRound = leaf.round
        return (action, change)
    }

    /// MTH of the first `size` entries (needs the leaf hashes, or `size` equal to the log's size).
    public func root(size: UInt64) -> Bytes32? {
        if size == self.size { return head }
        guard keepsLeafHashes, size <= UInt64(leafHashes.count) else { return nil }
        return Self.bytes32(MerkleTree.root(leafHashes: leafHashes[0..<Int(size)]))
    }

    public func inclusionProof(index: UInt64, size: UInt64) -> InclusionProof? {
        guard keepsLeafHashes, let path = MerkleTree.inclusionProof(index: index, size: size, leafHashes: leafHashes),
            let root = root(size: size), let leaf = try? Bytes32(leafHashes[Int(index)])
        else { return nil }
        return InclusionProof(index: index, size: size, leafHash: leaf, root: root, path: path)
    }

    public func consistencyProof(oldSize: UInt64, newSize: UInt64) -> ConsistencyProof? {
        guard keepsLeafHashes,
            let path = MerkleTree.consistencyProof(oldSize: oldSize, newSize: newSize, leafHashes: leafHashes),
            let oldRoot = root(size: oldSize), let newRoot = root(size: newSize)
        else { return nil }
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: path)
    }

    static func bytes32(_ bytes: [UInt8]) -> Bytes32 {
        // Every root here is a 32-byte BLAKE2b output.
        (try? Bytes32(bytes)) ?? Bytes32(repeating: 0)
    }
}
