public import SuretyCrypto

extension HopKeys {
    /// Derives the four hop keys from the secret a completed hop handshake exports
    /// (Docs/SPEC.md §4.3): one BLAKE2b KDF call per key, each with its own context.
    public init(handshakeSecret secret: SecretBytes) throws {
        forwardKey = try BLAKE2b.deriveKey(
            from: secret, context: "surety/onion/forward-key", length: Self.cipherKeyLength)
        backwardKey = try BLAKE2b.deriveKey(
            from: secret, context: "surety/onion/backward-key", length: Self.cipherKeyLength)
        forwardDigestKey = try BLAKE2b.deriveKey(
            from: secret, context: "surety/onion/forward-digest", length: Self.digestKeyLength)
        backwardDigestKey = try BLAKE2b.deriveKey(
            from: secret, context: "surety/onion/backward-digest", length: Self.digestKeyLength)
    }
}
