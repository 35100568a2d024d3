/// Who must have signed: at least `threshold` distinct keys of `signers` (k of m,
/// Docs/SPEC.md §7.8). Comes from trusted state (genesis, the admin set), never from the
/// unverified document alone.
public struct SignaturePolicy: Hashable, Sendable {
    public let signers: Set<Bytes32>
    public let threshold: Int

    /// Throws `invalidArgument` unless `1 ≤ threshold ≤ |signers| ≤ 64`.
    public init(signers: some Sequence<Bytes32>, threshold: Int) throws {
        let set = Set(signers)
        guard threshold >= 1, threshold <= set.count, set.count <= WireLimits.maxSignatures else {
            throw WireError(.invalidArgument, "policy needs 1 <= k <= m <= 64, got k=\(threshold) m=\(set.count)")
        }
        self.signers = set
        self.threshold = threshold
    }

    /// One signer, threshold 1.
    public static func single(_ key: Bytes32) -> SignaturePolicy {
        SignaturePolicy(unchecked: [key], threshold: 1)
    }

    private init(unchecked signers: Set<Bytes32>, threshold: Int) {
        self.signers = signers
        self.threshold = threshold
    }
}
