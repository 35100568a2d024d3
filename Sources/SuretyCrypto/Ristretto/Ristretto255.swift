import CSodium

/// The ristretto255 prime-order group (RFC 9496 §4) over libsodium's `crypto_core_ristretto255_*` and
/// `crypto_scalarmult_ristretto255*` primitives.
///
/// Why ristretto255 and not plain edwards25519: the escrow protocol (hashed ElGamal, Shamir shares
/// of the decryption key, Chaum–Pedersen proofs) needs a group of prime order with canonical
/// encodings, so no cofactor can leak key bits or let two encodings name the same element.
///
/// Elements are `Point` (never the identity: every operation that would produce it throws
/// `.identityPoint`) and integers modulo the group order are `Scalar` (kept in `SecretBytes`).
public enum Ristretto255 {
    /// Length of an encoded group element (RFC 9496 §4.3.2).
    public static let pointByteCount = Int(crypto_core_ristretto255_BYTES)
    /// Length of a canonical scalar encoding (RFC 9496 §4.4).
    public static let scalarByteCount = Int(crypto_core_ristretto255_SCALARBYTES)
    /// Length of the uniform input to hash-to-group (RFC 9496 §4.3.4) and to wide scalar reduction.
    public static let uniformByteCount = Int(crypto_core_ristretto255_HASHBYTES)
}

extension UnsafeRawBufferPointer {
    /// The buffer's bytes as the `const unsigned char *` libsodium expects, for caller-sized data
    /// that may be empty (messages, associated data); nil only when empty.
    var ristrettoOptionalBytes: UnsafePointer<UInt8>? {
        baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    /// For parameters libsodium declares `nonnull` (scalars, points, keys, hash outputs). Only used
    /// on fixed-size buffers this module allocated, never on caller-sized input, so an empty buffer
    /// here is a programming error rather than bad data.
    var ristrettoBytes: UnsafePointer<UInt8> {
        guard let base = baseAddress else { preconditionFailure("libsodium needs a non-empty buffer") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

extension UnsafeMutableRawBufferPointer {
    /// The buffer's bytes as the `unsigned char *` libsodium writes to, for caller-sized output
    /// that may be empty (a decrypted payload); nil only when empty.
    var ristrettoOptionalBytes: UnsafeMutablePointer<UInt8>? {
        baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    /// See `UnsafeRawBufferPointer.ristrettoBytes`.
    var ristrettoBytes: UnsafeMutablePointer<UInt8> {
        guard let base = baseAddress else { preconditionFailure("libsodium needs a non-empty buffer") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
