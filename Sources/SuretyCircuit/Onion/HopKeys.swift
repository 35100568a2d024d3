public import SuretyCrypto

/// The four per-hop keys derived from a completed hop handshake (Docs/SPEC.md §4.3).
public struct HopKeys: Sendable {
    public static let cipherKeyLength = 16
    public static let digestKeyLength = 32

    public let forwardKey: SecretBytes
    public let backwardKey: SecretBytes
    public let forwardDigestKey: SecretBytes
    public let backwardDigestKey: SecretBytes

    public init(
        forwardKey: SecretBytes, backwardKey: SecretBytes, forwardDigestKey: SecretBytes,
        backwardDigestKey: SecretBytes
    ) {
        self.forwardKey = forwardKey
        self.backwardKey = backwardKey
        self.forwardDigestKey = forwardDigestKey
        self.backwardDigestKey = backwardDigestKey
    }

    /// Derives the hop keys from the two Noise `Split()` keys (k1: initiator→responder, k2: the reverse).
    public init(splitKeys k1: SecretBytes, _ k2: SecretBytes) throws(CryptoError) {
        forwardKey = try BLAKE2b.deriveKey(from: k1, context: "surety/onion/forward-key", length: Self.cipherKeyLength)
        backwardKey = try BLAKE2b.deriveKey(
            from: k2, context: "surety/onion/backward-key", length: Self.cipherKeyLength)
        forwardDigestKey = try BLAKE2b.deriveKey(
            from: k1, context: "surety/onion/forward-digest", length: Self.digestKeyLength)
        backwardDigestKey = try BLAKE2b.deriveKey(
            from: k2, context: "surety/onion/backward-digest", length: Self.digestKeyLength)
    }
}
