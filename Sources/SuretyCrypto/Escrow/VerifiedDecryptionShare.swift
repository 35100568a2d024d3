/// A decryption share whose DLEQ proof has been checked against its admin's verification key and a
/// specific ciphertext ephemeral R. Only `DecryptionShare.verify` creates these, so holding one is
/// evidence that D_i really is x_i·R.
public struct VerifiedDecryptionShare: Sendable, Equatable {
    /// The share as received.
    public let share: DecryptionShare
    /// The R it was verified for; `combine` refuses to mix shares of different ciphertexts.
    public let ephemeralKey: Ristretto255.Point

    init(share: DecryptionShare, ephemeralKey: Ristretto255.Point) {
        self.share = share
        self.ephemeralKey = ephemeralKey
    }

    /// The admin who produced the share.
    public var adminIndex: UInt8 { share.adminIndex }
}
