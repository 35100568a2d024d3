import CSodium

extension X25519 {
    /// An X25519 private key (32-byte scalar, clamped by libsodium on use per RFC 7748 §5) and its
    /// public key, computed once.
    public struct PrivateKey: Sendable, CustomStringConvertible {
        private let scalar: SecretBytes
        /// The matching public key, `X25519(k, 9)`.
        public let publicKey: PublicKey

        /// A fresh key from the CSPRNG.
        public init() {
            Sodium.ensureInitialized()
            while true {
                let candidate = SecretBytes.random(count: X25519.keyLength)
                // Only a scalar whose clamped value is a multiple of the base point order could fail;
                // the probability is ~2^-250, but retrying costs nothing.
                if let key = try? PrivateKey(rawRepresentation: candidate) {
                    self = key
                    return
                }
            }
        }

        /// A fresh key from the CSPRNG (same as `init()`).
        public static func generate() -> PrivateKey {
            PrivateKey()
        }

        /// A key from its 32 raw scalar bytes (for stored keys and test vectors).
        ///
        /// - Throws: `.invalidKeyLength` unless 32 bytes; `.invalidScalar` if the scalar maps the
        ///   base point to the identity (never happens for a clamped random scalar).
        public init(rawRepresentation: SecretBytes) throws {
            guard rawRepresentation.count == X25519.keyLength else {
                throw CryptoError(
                    .invalidKeyLength, "X25519 private key is \(rawRepresentation.count) bytes; 32 required")
            }
            Sodium.ensureInitialized()
            var publicBytes = [UInt8](repeating: 0, count: X25519.keyLength)
            let rc = rawRepresentation.withUnsafeBytes { secret in
                publicBytes.withUnsafeMutableBytes { out in
                    crypto_scalarmult_base(
                        ContiguousByteAccess.mutableBytePointer(out),
                        ContiguousByteAccess.requiredBytePointer(secret))
                }
            }
            guard rc == 0 else {
                throw CryptoError(.invalidScalar, "X25519 private key maps the base point to the identity")
            }
            scalar = rawRepresentation
            publicKey = PublicKey(validatedBytes: publicBytes)
        }

        /// The 32 raw scalar bytes, for storage. Keep them in `SecretBytes`.
        public var rawRepresentation: SecretBytes { scalar }

        /// The Diffie–Hellman shared secret `X25519(k, peer)` (RFC 7748 §6.1).
        ///
        /// - Throws: `.identityPoint` when libsodium rejects the peer key: a low-order point, for
        ///   which the result would be all zeros and contribute nothing (RFC 7748 §6.1 "check").
        public func sharedSecret(with peer: PublicKey) throws -> SecretBytes {
            Sodium.ensureInitialized()
            return try SecretBytes(count: X25519.keyLength) { out in
                let rc = scalar.withUnsafeBytes { secret in
                    peer.rawRepresentation.withUnsafeBytes { point in
                        crypto_scalarmult(
                            ContiguousByteAccess.mutableBytePointer(out),
                            ContiguousByteAccess.requiredBytePointer(secret),
                            ContiguousByteAccess.requiredBytePointer(point))
                    }
                }
                guard rc == 0 else {
                    throw CryptoError(.identityPoint, "X25519 with a low-order public key gives the all-zero secret")
                }
            }
        }

        public var description: String { "X25519.PrivateKey([scrubbed], public: \(publicKey))" }
    }
}
