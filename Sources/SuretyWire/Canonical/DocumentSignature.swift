/// One detached signature: the signer's Ed25519 public key (its key id) and the signature
/// over the domain-separated body (Docs/SPEC.md §7.6).
public struct DocumentSignature: Hashable, Sendable {
    public static let encodedLength = Bytes32.count + Bytes64.count

    /// The signer's Ed25519 public key.
    public let keyID: Bytes32
    public let signature: Bytes64

    public init(keyID: Bytes32, signature: Bytes64) {
        self.keyID = keyID
        self.signature = signature
    }
}
