import CSodium

extension Ristretto255 {
    /// A ristretto255 group element other than the identity, held as its canonical 32-byte encoding
    /// (RFC 9496 §4.3.2).
    ///
    /// Group elements here are public values (keys, ElGamal ephemerals, decryption shares), so the
    /// encoding is a plain array. The identity is deliberately unrepresentable: a protocol value
    /// that collapses to it (a zero scalar, P − P, an all-zero encoding on the wire) would make
    /// ElGamal keys and proofs trivial, so every such result throws `.identityPoint` (DESIGN.md,
    /// "Escrow": treat identity results of scalar multiplication as errors).
    public struct Point: Sendable, Hashable, CustomStringConvertible {
        /// The canonical encoding; always `Ristretto255.pointByteCount` bytes, never all zero.
        public let encoded: [UInt8]

        /// Wraps an encoding libsodium produced and we checked is not the identity.
        private init(validated: [UInt8]) {
            encoded = validated
        }

        /// Decodes and validates an element (RFC 9496 §4.3.1): rejects wrong lengths
        /// (`.invalidLength`), the identity (`.identityPoint`) and every non-canonical or invalid
        /// encoding (`.invalidPoint`), using `crypto_core_ristretto255_is_valid_point`.
        public init(encoded bytes: some Collection<UInt8>) throws {
            let candidate = Array(bytes)
            guard candidate.count == Ristretto255.pointByteCount else {
                throw CryptoError(
                    .invalidLength,
                    "ristretto255 element must be \(Ristretto255.pointByteCount) bytes, got \(candidate.count)")
            }
            Sodium.ensureInitialized()
            // libsodium accepts the all-zero identity encoding as valid; we do not.
            guard sodium_is_zero(candidate, candidate.count) == 0 else {
                throw CryptoError(.identityPoint, "ristretto255 element is the identity")
            }
            guard crypto_core_ristretto255_is_valid_point(candidate) == 1 else {
                throw CryptoError(.invalidPoint, "bytes are not a canonical ristretto255 element encoding")
            }
            encoded = candidate
        }

        /// Maps 64 uniformly random bytes (usually a hash output) to a group element with the
        /// one-way map of RFC 9496 §4.3.4, via `crypto_core_ristretto255_from_hash`.
        public init(hashing uniformBytes: some Collection<UInt8>) throws {
            let input = Array(uniformBytes)
            guard input.count == Ristretto255.uniformByteCount else {
                throw CryptoError(
                    .invalidLength,
                    "ristretto255 hash-to-group needs \(Ristretto255.uniformByteCount) bytes, got \(input.count)")
            }
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.pointByteCount)
            guard crypto_core_ristretto255_from_hash(&output, input) == 0 else {
                throw CryptoError(.libraryFailure, "crypto_core_ristretto255_from_hash failed")
            }
            try self.init(checkingIdentity: output)
        }

        /// scalar · B for the generator B; throws `.identityPoint` when the scalar is zero.
        public init(generatorMultiple scalar: Scalar) throws {
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.pointByteCount)
            // Returns −1 exactly when the result is the identity.
            let status = scalar.storage.withUnsafeBytes { scalarBytes in
                crypto_scalarmult_ristretto255_base(&output, scalarBytes.ristrettoBytes)
            }
            guard status == 0 else {
                throw CryptoError(.identityPoint, "scalar multiple of the generator is the identity")
            }
            try self.init(checkingIdentity: output)
        }

        /// Rejects the all-zero encoding that libsodium uses for the identity.
        private init(checkingIdentity output: [UInt8]) throws {
            guard sodium_is_zero(output, output.count) == 0 else {
                throw CryptoError(.identityPoint, "ristretto255 operation produced the identity")
            }
            self.init(validated: output)
        }

        /// The standard generator B of RFC 9496 §4 (its encoding is 1·B in Appendix A.1).
        public static let generator = Point(validated: [
            0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71, 0xa8, 0x84, 0xa9, 0x61, 0xc5, 0x00, 0x51, 0x5f,
            0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82, 0xdd, 0x8d, 0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76,
        ])

        /// scalar · self via `crypto_scalarmult_ristretto255`, which returns −1 for the identity;
        /// that becomes `.identityPoint`, never a silent all-zero result.
        public func multiplied(by scalar: Scalar) throws -> Point {
            var output = [UInt8](repeating: 0, count: Ristretto255.pointByteCount)
            try multiply(scalar, into: &output)
            return try Point(checkingIdentity: output)
        }

        /// scalar · self written into zeroising storage, for products that are secrets (an ElGamal
        /// shared point r·Y before anyone publishes it).
        func secretMultiple(_ scalar: Scalar) throws -> SecretBytes {
            try SecretBytes(count: Ristretto255.pointByteCount) { out in
                let status = scalar.storage.withUnsafeBytes { scalarBytes in
                    encoded.withUnsafeBytes { pointBytes in
                        crypto_scalarmult_ristretto255(
                            out.ristrettoBytes, scalarBytes.ristrettoBytes, pointBytes.ristrettoBytes)
                    }
                }
                guard status == 0 else {
                    throw CryptoError(.identityPoint, "scalar multiplication produced the identity")
                }
            }
        }

        private func multiply(_ scalar: Scalar, into output: inout [UInt8]) throws {
            Sodium.ensureInitialized()
            let status = scalar.storage.withUnsafeBytes { scalarBytes in
                crypto_scalarmult_ristretto255(&output, scalarBytes.ristrettoBytes, encoded)
            }
            guard status == 0 else {
                throw CryptoError(.identityPoint, "scalar multiplication produced the identity")
            }
        }

        /// self + other; throws `.identityPoint` if other = −self.
        public func adding(_ other: Point) throws -> Point {
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.pointByteCount)
            guard crypto_core_ristretto255_add(&output, encoded, other.encoded) == 0 else {
                throw CryptoError(.invalidPoint, "crypto_core_ristretto255_add rejected its input")
            }
            return try Point(checkingIdentity: output)
        }

        /// self − other; throws `.identityPoint` if other = self.
        public func subtracting(_ other: Point) throws -> Point {
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.pointByteCount)
            guard crypto_core_ristretto255_sub(&output, encoded, other.encoded) == 0 else {
                throw CryptoError(.invalidPoint, "crypto_core_ristretto255_sub rejected its input")
            }
            return try Point(checkingIdentity: output)
        }

        public var description: String {
            let digits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = []
            text.reserveCapacity(2 * encoded.count)
            for byte in encoded {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
            return "Ristretto255.Point(\(String(decoding: text, as: UTF8.self)))"
        }
    }
}
