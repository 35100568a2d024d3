/// The public side of a k-of-m escrow sharing: the escrow public key Y = x·B that members encrypt
/// to, the threshold k, and each admin's verification key Y_i = x_i·B (index i at position i − 1).
public struct EscrowGroupKey: Sendable, Hashable {
    /// Y, the key escrow ciphertexts are encrypted to.
    public let publicKey: Ristretto255.Point
    /// k, the number of admins whose decryption shares open a ciphertext.
    public let threshold: Int
    /// Y_1 … Y_m.
    public let verificationKeys: [Ristretto255.Point]

    /// Validates a group key received from elsewhere (a DKG transcript, a genesis document).
    ///
    /// Besides 1 ≤ k ≤ m ≤ 255, this checks that the keys are consistent: interpolating Y_1…Y_k in
    /// the exponent must give Y at 0 and every other Y_j at j. Otherwise a share that verifies
    /// against its Y_i could still combine to a wrong x·R, and the quorum would be blamed for an
    /// unopenable record. Costs about k·(m − k + 1) scalar multiplications.
    public init(publicKey: Ristretto255.Point, threshold: Int, verificationKeys: [Ristretto255.Point]) throws {
        try Shamir.checkParameters(threshold: threshold, shareCount: verificationKeys.count)
        let basis = (1...threshold).map { (index: UInt8($0), point: verificationKeys[$0 - 1]) }
        func expect(_ expected: Ristretto255.Point, at point: UInt8, what: String) throws {
            let interpolated: Ristretto255.Point
            do {
                interpolated = try Shamir.interpolate(basis, at: point)
            } catch {
                throw CryptoError(.invalidParameter, "escrow group key is inconsistent: \(what) (\(error))")
            }
            guard interpolated == expected else {
                throw CryptoError(
                    .invalidParameter,
                    "escrow group key is inconsistent: \(what) is not on the degree-\(threshold - 1) polynomial")
            }
        }
        try expect(publicKey, at: 0, what: "public key Y")
        if verificationKeys.count > threshold {
            for index in (threshold + 1)...verificationKeys.count {
                try expect(verificationKeys[index - 1], at: UInt8(index), what: "verification key of admin \(index)")
            }
        }
        self.init(trustedPublicKey: publicKey, threshold: threshold, verificationKeys: verificationKeys)
    }

    /// For keys this module just computed (the dealer), which are consistent by construction.
    init(trustedPublicKey: Ristretto255.Point, threshold: Int, verificationKeys: [Ristretto255.Point]) {
        self.publicKey = trustedPublicKey
        self.threshold = threshold
        self.verificationKeys = verificationKeys
    }

    /// m, the number of admins.
    public var adminCount: Int { verificationKeys.count }

    /// Y_i for admin `index`, or nil if there is no such admin.
    public func verificationKey(for index: UInt8) -> Ristretto255.Point? {
        let position = Int(index) - 1
        return verificationKeys.indices.contains(position) ? verificationKeys[position] : nil
    }
}
