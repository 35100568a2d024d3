/// X25519 Diffie–Hellman (RFC 7748 §5, §6.1) via libsodium's `crypto_scalarmult`.
///
/// Used for Noise link and hop handshakes (`Noise_XK_25519_…`, `Noise_NK_25519_…`).
public enum X25519 {
    /// Bytes in a private scalar, a public u-coordinate and a shared secret.
    public static let keyLength = 32
}
