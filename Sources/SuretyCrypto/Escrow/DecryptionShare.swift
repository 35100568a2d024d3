/// Admin i's contribution to opening one escrow ciphertext: D_i = x_i·R plus a DLEQ proof that
/// log_B(Y_i) = log_R(D_i) (DESIGN.md, "Escrow").
///
/// This is the *unverified* form, as parsed off the wire or out of a governance-log entry. Only
/// `verify(verificationKey:ephemeralKey:)` (or `verify(groupKey:ciphertext:)`) turns it into a
/// `VerifiedDecryptionShare`, the only kind `combine(shares:threshold:)` accepts. Errors name the
/// admin index so a bad share can be pinned on whoever sent it.
///
/// Encoding (97 bytes): index (1) ‖ D_i (32) ‖ c (32) ‖ s (32).
public struct DecryptionShare: Sendable, Equatable {
    /// Encoded size.
    public static let byteCount = 1 + Ristretto255.pointByteCount + DLEQProof.byteCount

    /// The admin's Shamir index i (1…255).
    public let adminIndex: UInt8
    /// D_i = x_i·R.
    public let sharePoint: Ristretto255.Point
    /// Proof that D_i and Y_i share the discrete log x_i.
    public let proof: DLEQProof

    /// Assembles a share from parts; index 0 throws `.invalidShare`.
    public init(adminIndex: UInt8, sharePoint: Ristretto255.Point, proof: DLEQProof) throws {
        guard adminIndex != 0 else {
            throw CryptoError(.invalidShare, "decryption share carries admin index 0, which no admin has")
        }
        self.adminIndex = adminIndex
        self.sharePoint = sharePoint
        self.proof = proof
    }

    /// Computes admin `keyShare.index`'s share for the ciphertext whose ephemeral is `ephemeralKey`.
    public init(keyShare: EscrowKeyShare, ephemeralKey: Ristretto255.Point) throws {
        let sharePoint = try ephemeralKey.multiplied(by: keyShare.secret)
        let proof = try DLEQProof.prove(
            secret: keyShare.secret, publicKey: keyShare.verificationKey(),
            base: ephemeralKey, image: sharePoint, adminIndex: keyShare.index)
        try self.init(adminIndex: keyShare.index, sharePoint: sharePoint, proof: proof)
    }

    /// Parses index ‖ D_i ‖ c ‖ s. Throws `.invalidLength` for a wrong size, `.invalidShare` for
    /// index 0, `.invalidPoint` / `.identityPoint` for a bad D_i and `.invalidScalar` for a
    /// non-canonical c or s; messages name the admin index.
    public init(encoded bytes: some Collection<UInt8>) throws {
        let input = Array(bytes)
        guard input.count == Self.byteCount else {
            throw CryptoError(
                .invalidLength, "decryption share must be \(Self.byteCount) bytes, got \(input.count)")
        }
        let index = input[0]
        let pointEnd = 1 + Ristretto255.pointByteCount
        do {
            let sharePoint = try Ristretto255.Point(encoded: input[1..<pointEnd])
            let proof = try DLEQProof(encoded: input[pointEnd...])
            try self.init(adminIndex: index, sharePoint: sharePoint, proof: proof)
        } catch let error as CryptoError {
            throw CryptoError(error.code, "decryption share from admin \(index): \(error.message)")
        }
    }

    /// index ‖ D_i ‖ c ‖ s.
    public var encoded: [UInt8] {
        [adminIndex] + sharePoint.encoded + proof.encoded
    }

    /// Checks the DLEQ proof against admin i's verification key Y_i and the ciphertext's R.
    /// Throws `.invalidProof` naming the admin if it does not verify.
    public func verify(
        verificationKey: Ristretto255.Point,
        ephemeralKey: Ristretto255.Point
    ) throws -> VerifiedDecryptionShare {
        guard
            proof.isValid(
                publicKey: verificationKey, base: ephemeralKey, image: sharePoint, adminIndex: adminIndex)
        else {
            throw CryptoError(
                .invalidProof,
                "decryption share from admin \(adminIndex): DLEQ proof does not verify against its verification key")
        }
        return VerifiedDecryptionShare(share: self, ephemeralKey: ephemeralKey)
    }

    /// Looks up Y_i in `groupKey` and verifies against `ciphertext`'s R. An index with no admin in
    /// the group throws `.invalidShare`; a bad proof `.invalidProof`; both name the admin index.
    public func verify(groupKey: EscrowGroupKey, ciphertext: EscrowCiphertext) throws -> VerifiedDecryptionShare {
        guard let verificationKey = groupKey.verificationKey(for: adminIndex) else {
            throw CryptoError(
                .invalidShare,
                "decryption share from admin \(adminIndex): the group has only \(groupKey.adminCount) admins")
        }
        return try verify(verificationKey: verificationKey, ephemeralKey: ciphertext.ephemeralKey)
    }

    /// Combines verified shares into x·R by Lagrange interpolation in the exponent:
    /// x·R = Σ λ_i(0)·D_i over `threshold` shares with distinct indices.
    ///
    /// Throws `.invalidShare` naming the admin for a duplicate index, `.invalidShare` if the shares
    /// were verified against different ciphertexts, and `.insufficientShares` with fewer than
    /// `threshold` shares. Pass the result to `EscrowCiphertext.decrypt(sharedPoint:associatedData:)`.
    public static func combine(shares: [VerifiedDecryptionShare], threshold: Int) throws -> Ristretto255.Point {
        guard threshold >= 1 else {
            throw CryptoError(.invalidParameter, "threshold must be at least 1, got \(threshold)")
        }
        var seen = Set<UInt8>()
        for verified in shares {
            guard seen.insert(verified.adminIndex).inserted else {
                throw CryptoError(
                    .invalidShare, "duplicate decryption share from admin \(verified.adminIndex)")
            }
            guard verified.ephemeralKey == shares[0].ephemeralKey else {
                throw CryptoError(
                    .invalidShare,
                    "decryption share from admin \(verified.adminIndex) was verified for a different ciphertext")
            }
        }
        guard shares.count >= threshold else {
            throw CryptoError(
                .insufficientShares,
                "need \(threshold) verified decryption shares with distinct admins, got \(shares.count)")
        }
        let used = shares.prefix(threshold).map { (index: $0.adminIndex, point: $0.share.sharePoint) }
        return try Shamir.interpolate(used)
    }
}
