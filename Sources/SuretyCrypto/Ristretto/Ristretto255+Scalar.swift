import CSodium

extension Ristretto255 {
    /// An integer modulo the ristretto255 group order ℓ = 2^252 + 27742317777372353535851937790883648493
    /// (RFC 9496 §4.4), as its canonical 32-byte little-endian encoding.
    ///
    /// Scalars are used for secrets (ElGamal keys, Shamir shares, nonces) and for public values
    /// (Fiat–Shamir challenges and responses, Lagrange coefficients). All of them live in
    /// `SecretBytes`, so they are wiped on release, compare in constant time and never print.
    /// Every value of this type is canonical (< ℓ); zero is a valid scalar, but multiplying a point
    /// by it throws `.identityPoint`.
    public struct Scalar: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The canonical little-endian encoding; always `Ristretto255.scalarByteCount` bytes.
        let storage: SecretBytes

        /// Wraps bytes that are already known to be canonical (results of libsodium scalar operations).
        init(canonicalStorage: SecretBytes) {
            storage = canonicalStorage
        }

        /// Parses a canonical encoding (RFC 9496 §4.4): exactly 32 bytes encoding an integer below ℓ.
        ///
        /// Rejecting non-canonical encodings matters for proofs: otherwise c and c + ℓ would both
        /// be accepted and a share's encoding would be malleable.
        public init(canonical secret: SecretBytes) throws {
            guard secret.count == Ristretto255.scalarByteCount else {
                throw CryptoError(
                    .invalidLength,
                    "ristretto255 scalar must be \(Ristretto255.scalarByteCount) bytes, got \(secret.count)")
            }
            // Canonical iff reducing the value (zero-extended to 64 bytes) leaves it unchanged;
            // libsodium 1.0.18 has no public canonicity check for ristretto255 scalars.
            let wide = SecretBytes(count: Ristretto255.uniformByteCount) { wide in
                secret.withUnsafeBytes { source in
                    wide.copyMemory(from: source)
                }
            }
            let reduced = Scalar(reducingWide: wide)
            guard reduced.storage == secret else {
                throw CryptoError(.invalidScalar, "ristretto255 scalar encoding is not canonical (not below ℓ)")
            }
            storage = secret
        }

        /// Parses a canonical encoding from plain bytes; use for public scalars read off the wire.
        public init(canonicalBytes bytes: some Collection<UInt8>) throws {
            var copy = Array(bytes)
            defer { ConstantTime.wipe(&copy) }
            try self.init(canonical: SecretBytes(copy))
        }

        /// Reduces 64 uniformly random bytes modulo ℓ (RFC 9496 §4.4, wide reduction), the way to turn
        /// a hash output into a scalar with negligible bias.
        public init(reducing wide: SecretBytes) throws {
            guard wide.count == Ristretto255.uniformByteCount else {
                throw CryptoError(
                    .invalidLength,
                    "wide scalar reduction needs \(Ristretto255.uniformByteCount) bytes, got \(wide.count)")
            }
            self.init(reducingWide: wide)
        }

        /// Reduces 64 bytes modulo ℓ; see `init(reducing: SecretBytes)`.
        public init(reducing bytes: some Collection<UInt8>) throws {
            var copy = Array(bytes)
            defer { ConstantTime.wipe(&copy) }
            try self.init(reducing: SecretBytes(copy))
        }

        /// `wide` must be exactly 64 bytes (checked by callers).
        init(reducingWide wide: SecretBytes) {
            Sodium.ensureInitialized()
            storage = SecretBytes(count: Ristretto255.scalarByteCount) { out in
                wide.withUnsafeBytes { input in
                    crypto_core_ristretto255_scalar_reduce(out.ristrettoBytes, input.ristrettoBytes)
                }
            }
        }

        /// A small public integer (for Shamir indices and Lagrange coefficients).
        public init(_ value: UInt64) {
            storage = SecretBytes(count: Ristretto255.scalarByteCount) { out in
                for byteIndex in 0..<8 {
                    out[byteIndex] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byteIndex)))
                }
            }
        }

        /// A uniformly random non-zero scalar from the CSPRNG (`crypto_core_ristretto255_scalar_random`
        /// rejects zero itself).
        public static func random() -> Scalar {
            Sodium.ensureInitialized()
            return Scalar(
                canonicalStorage: SecretBytes(count: Ristretto255.scalarByteCount) { out in
                    crypto_core_ristretto255_scalar_random(out.ristrettoBytes)
                })
        }

        /// The additive identity.
        public static var zero: Scalar { Scalar(0) }
        /// The multiplicative identity.
        public static var one: Scalar { Scalar(1) }

        /// The canonical 32-byte little-endian encoding, in zeroising storage.
        public var secretBytes: SecretBytes { storage }

        /// Whether this is the zero scalar (checked in constant time).
        public var isZero: Bool {
            storage.withUnsafeBytes { bytes in sodium_is_zero(bytes.ristrettoBytes, bytes.count) == 1 }
        }

        /// self + other mod ℓ.
        public func adding(_ other: Scalar) -> Scalar {
            Self.combine(self, other, crypto_core_ristretto255_scalar_add)
        }

        /// self − other mod ℓ.
        public func subtracting(_ other: Scalar) -> Scalar {
            Self.combine(self, other, crypto_core_ristretto255_scalar_sub)
        }

        /// self · other mod ℓ.
        public func multiplied(by other: Scalar) -> Scalar {
            Self.combine(self, other, crypto_core_ristretto255_scalar_mul)
        }

        /// −self mod ℓ.
        public func negated() -> Scalar {
            Sodium.ensureInitialized()
            return Scalar(
                canonicalStorage: SecretBytes(count: Ristretto255.scalarByteCount) { out in
                    storage.withUnsafeBytes { input in
                        crypto_core_ristretto255_scalar_negate(out.ristrettoBytes, input.ristrettoBytes)
                    }
                })
        }

        /// self⁻¹ mod ℓ; zero has no inverse and throws `.invalidScalar`.
        public func inverted() throws -> Scalar {
            Sodium.ensureInitialized()
            let result = try SecretBytes(count: Ristretto255.scalarByteCount) { out in
                let status = storage.withUnsafeBytes { input in
                    crypto_core_ristretto255_scalar_invert(out.ristrettoBytes, input.ristrettoBytes)
                }
                guard status == 0 else {
                    throw CryptoError(.invalidScalar, "cannot invert the zero scalar")
                }
            }
            return Scalar(canonicalStorage: result)
        }

        public static func + (lhs: Scalar, rhs: Scalar) -> Scalar { lhs.adding(rhs) }
        public static func - (lhs: Scalar, rhs: Scalar) -> Scalar { lhs.subtracting(rhs) }
        public static func * (lhs: Scalar, rhs: Scalar) -> Scalar { lhs.multiplied(by: rhs) }
        public static prefix func - (operand: Scalar) -> Scalar { operand.negated() }

        /// Constant-time comparison of the canonical encodings.
        public static func == (lhs: Scalar, rhs: Scalar) -> Bool { lhs.storage == rhs.storage }

        public var description: String { "Ristretto255.Scalar([scrubbed])" }
        public var debugDescription: String { description }

        private static func combine(
            _ lhs: Scalar,
            _ rhs: Scalar,
            _ operation: (UnsafeMutablePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Void
        ) -> Scalar {
            Sodium.ensureInitialized()
            return Scalar(
                canonicalStorage: SecretBytes(count: Ristretto255.scalarByteCount) { out in
                    lhs.storage.withUnsafeBytes { left in
                        rhs.storage.withUnsafeBytes { right in
                            operation(out.ristrettoBytes, left.ristrettoBytes, right.ristrettoBytes)
                        }
                    }
                })
        }
    }
}
