import COpenSSL

extension BlindRSA {
    /// An RSA private key for the signer's side of RSABSSA (RFC 9474 §4.3).
    ///
    /// The key lives in an OpenSSL `EVP_PKEY`; the private operation goes through `EVP_PKEY_decrypt` with
    /// `RSA_NO_PADDING`, which keeps OpenSSL's RSA blinding and its CRT fault check. The description never shows
    /// key material.
    public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
        let storage: Storage

        /// Generates a fresh key with public exponent 65537 (RFC 9474 §6.2).
        ///
        /// - Parameter bits: modulus size; at least 2048 (`PublicKey.minimumModulusBitCount`).
        /// - Throws: `.invalidKeyLength` for a size outside the accepted range.
        public static func generate(bits: Int = 2048) throws -> PrivateKey {
            guard bits >= PublicKey.minimumModulusBitCount, bits <= PublicKey.maximumModulusBitCount else {
                throw CryptoError(
                    .invalidKeyLength,
                    "RSA key size \(bits) bits; \(PublicKey.minimumModulusBitCount)"
                        + "...\(PublicKey.maximumModulusBitCount) are accepted")
            }
            guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
                throw OpenSSL.failure("EVP_PKEY_CTX_new_from_name")
            }
            defer { EVP_PKEY_CTX_free(context) }
            guard EVP_PKEY_keygen_init(context) == 1 else { throw OpenSSL.failure("EVP_PKEY_keygen_init") }
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) > 0 else {
                throw OpenSSL.failure("EVP_PKEY_CTX_set_rsa_keygen_bits")
            }
            var generated: OpaquePointer?
            guard EVP_PKEY_generate(context, &generated) == 1, let generated else {
                throw OpenSSL.failure("EVP_PKEY_generate")
            }
            return PrivateKey(storage: try Storage(key: EVPKey(taking: generated), checkConsistency: false))
        }

        /// Imports a DER private key: PKCS #8 `PrivateKeyInfo` (RFC 5208) or PKCS #1 `RSAPrivateKey`
        /// (RFC 8017 §A.1.2).
        ///
        /// - Throws: `.invalidParameter` if the bytes are not such a key or its parts do not fit together,
        ///   `.invalidKeyLength` for a modulus outside the accepted range.
        public init(derRepresentation: SecretBytes) throws {
            let key = try derRepresentation.withUnsafeBytes { bytes in
                try EVPKey.decode(bytes, format: "DER", structure: nil, selection: .keyPair)
            }
            storage = try Storage(key: key, checkConsistency: true)
        }

        /// Imports a PEM `PRIVATE KEY` or `RSA PRIVATE KEY`.
        ///
        /// A `String` cannot be wiped; prefer `init(derRepresentation:)` when the key is already in memory as bytes.
        public init(pemRepresentation: String) throws {
            var text = Array(pemRepresentation.utf8)
            defer { ConstantTime.wipe(&text) }
            let key = try text.withUnsafeBytes { bytes in
                try EVPKey.decode(bytes, format: "PEM", structure: nil, selection: .keyPair)
            }
            storage = try Storage(key: key, checkConsistency: true)
        }

        /// Builds a key from n, e, d and the two primes p, q (all big-endian), as RFC 9474's test vectors give it.
        /// The CRT values d mod (p-1), d mod (q-1) and q^-1 mod p are derived here, which OpenSSL 3.0's
        /// `EVP_PKEY_fromdata` needs.
        ///
        /// - Throws: `.invalidParameter` if p·q ≠ n or the key fails a sign-and-verify self test.
        public init(
            modulus: [UInt8], publicExponent: [UInt8], privateExponent: SecretBytes, prime1: SecretBytes,
            prime2: SecretBytes
        ) throws {
            let context = try BigNumContext()
            let n = try BigNum(bigEndian: modulus)
            let e = try BigNum(bigEndian: publicExponent)
            let d = try BigNum(bigEndian: privateExponent)
            let p = try BigNum(bigEndian: prime1)
            let q = try BigNum(bigEndian: prime2)
            let product = try BigNum(secret: true)
            try OpenSSL.check(BN_mul(product.pointer, p.pointer, q.pointer, context.pointer), "BN_mul")
            guard product.isEqual(to: n), !p.isOne, !q.isOne else {
                throw CryptoError(.invalidParameter, "RSA primes do not multiply to the modulus")
            }
            let one = try BigNum()
            try OpenSSL.check(BN_set_word(one.pointer, 1), "BN_set_word")
            let pMinusOne = try BigNum(secret: true)
            let qMinusOne = try BigNum(secret: true)
            try OpenSSL.check(BN_sub(pMinusOne.pointer, p.pointer, one.pointer), "BN_sub")
            try OpenSSL.check(BN_sub(qMinusOne.pointer, q.pointer, one.pointer), "BN_sub")
            let dP = try BigNum(secret: true)
            let dQ = try BigNum(secret: true)
            try OpenSSL.check(BN_nnmod(dP.pointer, d.pointer, pMinusOne.pointer, context.pointer), "BN_nnmod")
            try OpenSSL.check(BN_nnmod(dQ.pointer, d.pointer, qMinusOne.pointer, context.pointer), "BN_nnmod")
            let qInverse = try BigNum(secret: true)
            guard BN_mod_inverse(qInverse.pointer, q.pointer, p.pointer, context.pointer) != nil else {
                OpenSSL.discardErrors()
                throw CryptoError(.invalidParameter, "RSA primes are not co-prime")
            }
            let key = try EVPKey.fromParameters(
                [
                    ("n", n), ("e", e), ("d", d), ("rsa-factor1", p), ("rsa-factor2", q),
                    ("rsa-exponent1", dP), ("rsa-exponent2", dQ), ("rsa-coefficient1", qInverse),
                ],
                selection: .keyPair)
            storage = try Storage(key: key, checkConsistency: true)
        }

        private init(storage: Storage) {
            self.storage = storage
        }

        /// The matching public key.
        public var publicKey: PublicKey { storage.publicKey }

        /// The DER PKCS #8 `PrivateKeyInfo` encoding, in zeroising storage.
        public var derRepresentation: SecretBytes {
            get throws { try storage.key.encode(format: "DER", structure: "PrivateKeyInfo", selection: .keyPair) }
        }

        /// The PEM `PRIVATE KEY` encoding. The returned `String` cannot be wiped: prefer `derRepresentation`.
        public var pemRepresentation: String {
            get throws {
                try derRepresentation.withUnsafeBytes { PEM.encode($0, label: "PRIVATE KEY") }
            }
        }

        public var description: String { "BlindRSA.PrivateKey([scrubbed], \(publicKey.modulusBitCount) bits)" }
        public var debugDescription: String { description }
    }
}

extension BlindRSA.PrivateKey {
    /// The `EVP_PKEY` and its public half.
    ///
    /// `@unchecked Sendable` is sound because the key is never modified after `init`: OpenSSL 3 allows concurrent
    /// operations on one `EVP_PKEY` as long as each has its own `EVP_PKEY_CTX` (the RSA blinding state inside is
    /// locked by OpenSSL).
    final class Storage: @unchecked Sendable {
        let key: BlindRSA.EVPKey
        let publicKey: BlindRSA.PublicKey

        init(key: BlindRSA.EVPKey, checkConsistency: Bool) throws {
            self.key = key
            let n = try key.bigNumParameter("n")
            let e = try key.bigNumParameter("e")
            publicKey = try BlindRSA.PublicKey(
                modulus: n.minimalBigEndianBytes, publicExponent: e.minimalBigEndianBytes)
            if checkConsistency {
                // An imported key whose parts do not belong together would make every blind signature fail the
                // check in `BlindRSA.blindSign`; fail at import instead, with a clear error.
                let probe = try publicKey.storage.randomBlindingFactor()
                guard let input = probe.bigEndianBytes(count: publicKey.modulusByteCount) else {
                    throw CryptoError(.libraryFailure, "self-test value does not fit the modulus")
                }
                do {
                    _ = try BlindRSA.checkedPrivateOperation(key: self, input: input)
                } catch {
                    throw CryptoError(.invalidParameter, "RSA private key failed its self test: \(error)")
                }
            }
        }

        /// RSASP1 (RFC 8017 §5.2.1) on `input`, which must be `modulusByteCount` bytes encoding a value below n.
        /// Runs `EVP_PKEY_decrypt` with `RSA_NO_PADDING`, i.e. the raw private operation with OpenSSL's blinding.
        func rawPrivateOperation(_ input: [UInt8]) throws -> [UInt8] {
            let length = publicKey.modulusByteCount
            guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else {
                throw BlindRSA.OpenSSL.failure("EVP_PKEY_CTX_new_from_pkey")
            }
            defer { EVP_PKEY_CTX_free(context) }
            guard EVP_PKEY_decrypt_init(context) == 1 else {
                throw BlindRSA.OpenSSL.failure("EVP_PKEY_decrypt_init")
            }
            guard surety_evp_pkey_ctx_set_rsa_padding(context, surety_rsa_no_padding()) > 0 else {
                throw BlindRSA.OpenSSL.failure("EVP_PKEY_CTX_set_rsa_padding")
            }
            var output = [UInt8](repeating: 0, count: length)
            var outputLength = length
            guard EVP_PKEY_decrypt(context, &output, &outputLength, input, input.count) == 1 else {
                throw BlindRSA.OpenSSL.failure("EVP_PKEY_decrypt")
            }
            guard outputLength <= length else {
                throw CryptoError(.libraryFailure, "RSA private operation returned \(outputLength) bytes")
            }
            // OpenSSL already returns modulus_len bytes for RSA_NO_PADDING; left-pad in case that ever changes.
            return [UInt8](repeating: 0, count: length - outputLength) + output.prefix(outputLength)
        }
    }
}
