extension BlindRSA {
    /// An RSA public key for RSABSSA.
    ///
    /// Accepted keys have a modulus of `minimumModulusBitCount...maximumModulusBitCount` bits (RFC 9474 §6.2 and
    /// NIST SP 800-57 ask for at least 2048) and an odd public exponent of 3 up to 64 bits. The exponent bound keeps
    /// verification cheap for keys that arrive from the network (OpenSSL applies the same bound to large moduli).
    public struct PublicKey: Sendable, Hashable {
        /// The smallest modulus accepted, in bits.
        public static let minimumModulusBitCount = 2048
        /// The largest modulus accepted, in bits (OpenSSL's `OPENSSL_RSA_MAX_MODULUS_BITS`).
        public static let maximumModulusBitCount = 16384

        let storage: Storage

        /// Imports a DER `SubjectPublicKeyInfo` (RFC 5280 §4.1) holding an `rsaEncryption` key.
        ///
        /// - Throws: `.invalidParameter` for anything that is not exactly one such structure or has a bad exponent,
        ///   `.invalidKeyLength` for a modulus outside the accepted range.
        public init(derRepresentation: [UInt8]) throws {
            let key = try derRepresentation.withUnsafeBytes { bytes in
                try EVPKey.decode(bytes, format: "DER", structure: "SubjectPublicKeyInfo", selection: .publicKey)
            }
            storage = try Storage(key: key)
        }

        /// Imports a PEM `PUBLIC KEY` (RFC 7468 §13).
        public init(pemRepresentation: String) throws {
            let key = try Array(pemRepresentation.utf8).withUnsafeBytes { bytes in
                try EVPKey.decode(bytes, format: "PEM", structure: "SubjectPublicKeyInfo", selection: .publicKey)
            }
            storage = try Storage(key: key)
        }

        /// Builds a key from its big-endian modulus `n` and public exponent `e` (leading zero bytes allowed).
        public init(modulus: [UInt8], publicExponent: [UInt8]) throws {
            let key = try EVPKey.fromParameters(
                [("n", try BigNum(bigEndian: modulus)), ("e", try BigNum(bigEndian: publicExponent))],
                selection: .publicKey)
            storage = try Storage(key: key)
        }

        /// Wraps a key OpenSSL already holds (for example the public half of a private key).
        init(key: EVPKey) throws {
            storage = try Storage(key: key)
        }

        /// The DER `SubjectPublicKeyInfo` encoding.
        public var derRepresentation: [UInt8] { storage.der }

        /// The PEM `PUBLIC KEY` encoding.
        public var pemRepresentation: String {
            storage.der.withUnsafeBytes { PEM.encode($0, label: "PUBLIC KEY") }
        }

        /// The modulus n, big-endian without leading zeros.
        public var modulus: [UInt8] { storage.modulusBytes }

        /// The public exponent e, big-endian without leading zeros.
        public var publicExponent: [UInt8] { storage.exponentBytes }

        /// bit_len(n).
        public var modulusBitCount: Int { storage.modulusBitCount }

        /// modulus_len in RFC 9474: the byte length of n, and of every blinded message and (blind) signature.
        public var modulusByteCount: Int { storage.modulusByteCount }

        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
            lhs.modulus == rhs.modulus && lhs.publicExponent == rhs.publicExponent
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(modulus)
            hasher.combine(publicExponent)
        }
    }
}

extension BlindRSA.PublicKey {
    /// The validated key and everything the protocol needs from it, computed once.
    ///
    /// `@unchecked Sendable` is sound because nothing here changes after `init`: OpenSSL only reads the `EVP_PKEY`,
    /// the `BIGNUM`s and the Montgomery context in the operations this module performs, and every operation brings
    /// its own `BN_CTX`.
    final class Storage: @unchecked Sendable {
        let key: BlindRSA.EVPKey
        let n: BlindRSA.BigNum
        let e: BlindRSA.BigNum
        let montgomery: BlindRSA.MontgomeryContext
        let der: [UInt8]
        let modulusBytes: [UInt8]
        let exponentBytes: [UInt8]
        let modulusBitCount: Int
        let modulusByteCount: Int

        init(key: BlindRSA.EVPKey) throws {
            let n = try key.bigNumParameter("n")
            let e = try key.bigNumParameter("e")
            let bits = n.bitCount
            guard
                bits >= BlindRSA.PublicKey.minimumModulusBitCount,
                bits <= BlindRSA.PublicKey.maximumModulusBitCount
            else {
                throw CryptoError(
                    .invalidKeyLength,
                    "RSA modulus has \(bits) bits; \(BlindRSA.PublicKey.minimumModulusBitCount)"
                        + "...\(BlindRSA.PublicKey.maximumModulusBitCount) are accepted")
            }
            guard n.isOdd else { throw CryptoError(.invalidParameter, "RSA modulus is even") }
            guard e.isOdd, e.bitCount >= 2, e.bitCount <= 64 else {
                throw CryptoError(.invalidParameter, "RSA public exponent must be odd, at least 3 and at most 64 bits")
            }
            self.key = key
            self.n = n
            self.e = e
            modulusBitCount = bits
            modulusByteCount = (bits + 7) / 8
            modulusBytes = n.minimalBigEndianBytes
            exponentBytes = e.minimalBigEndianBytes
            montgomery = try BlindRSA.MontgomeryContext(modulus: n)
            der = try key.encode(format: "DER", structure: "SubjectPublicKeyInfo", selection: .publicKey)
                .unsafeArray()
        }
    }
}
