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
}
