/// Constants of the Noise suite Surety uses: `Noise_*_25519_ChaChaPoly_BLAKE2b`
/// (Noise Protocol Framework, revision 34).
public enum Noise {
    /// Largest Noise message, handshake or transport, in bytes (Noise §3).
    public static let maximumMessageLength = 65535
    /// DHLEN for Curve25519 (Noise §12.1).
    public static let dhLength = 32
    /// HASHLEN for BLAKE2b (Noise §12.8).
    public static let hashLength = 64
    /// Bytes an AEAD tag adds to every encrypted field.
    public static let tagLength = 16
    /// Largest payload of a transport message: the message limit minus the tag.
    public static let maximumTransportPayloadLength = maximumMessageLength - tagLength
    /// The part of the protocol name after the pattern (Noise §8).
    public static let suiteSuffix = "_25519_ChaChaPoly_BLAKE2b"

    /// The full protocol name for `pattern`, e.g. `Noise_XK_25519_ChaChaPoly_BLAKE2b`.
    public static func protocolName(for pattern: NoiseHandshakePattern) -> String {
        "Noise_" + pattern.name + suiteSuffix
    }
}
