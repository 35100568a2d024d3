/// One governance admin's Shamir share (i, x_i) of the escrow secret x, with x_i = f(i) for the
/// dealer's (or DKG's) degree k−1 polynomial f and f(0) = x.
///
/// The share value is secret and lives in `SecretBytes`; the matching public verification key is
/// Y_i = x_i·B, against which the admin's decryption shares are checked.
public struct EscrowKeyShare: Sendable, Equatable, CustomStringConvertible {
    /// The admin's evaluation point i, 1…255 (zero would be the secret itself).
    public let index: UInt8
    /// x_i = f(i).
    public let secret: Ristretto255.Scalar

    /// Rejects index 0 (`.invalidParameter`) and a zero share (`.invalidScalar`, whose
    /// verification key would be the identity).
    public init(index: UInt8, secret: Ristretto255.Scalar) throws {
        guard index != 0 else {
            throw CryptoError(.invalidParameter, "escrow key share index must be 1…255, got 0")
        }
        guard !secret.isZero else {
            throw CryptoError(.invalidScalar, "escrow key share of admin \(index) is zero")
        }
        self.index = index
        self.secret = secret
    }

    /// Y_i = x_i·B, the public key others verify this admin's decryption shares against.
    public func verificationKey() throws -> Ristretto255.Point {
        try Ristretto255.Point(generatorMultiple: secret)
    }

    /// This admin's decryption share D_i = x_i·R for `ciphertext`, with its DLEQ proof.
    public func decryptionShare(for ciphertext: EscrowCiphertext) throws -> DecryptionShare {
        try DecryptionShare(keyShare: self, ephemeralKey: ciphertext.ephemeralKey)
    }

    public var description: String { "EscrowKeyShare(admin \(index), [scrubbed])" }
}
