import CSodium

/// Ed25519 signatures (RFC 8032) via libsodium, with domain-separated signing.
///
/// Every signature Surety makes is over `DomainSeparation.message(context:bytes:)`, so a signature
/// made for one document type can never be replayed as another.
public enum Ed25519 {
    public static let publicKeyLength = 32
    public static let signatureLength = 64
    public static let seedLength = 32

    /// An Ed25519 public key (32 bytes, RFC 8032 §5.1.5 encoding).
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        public let rawRepresentation: [UInt8]

        public init(rawRepresentation bytes: some Collection<UInt8>) throws(CryptoError) {
            guard bytes.count == Ed25519.publicKeyLength else {
                throw CryptoError(.invalidKeyLength, "Ed25519 public key must be 32 bytes, got \(bytes.count)")
            }
            rawRepresentation = Array(bytes)
        }

        /// Verifies a raw RFC 8032 signature over `message` (no domain separation: KATs and interop only).
        public func isValidRawSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>)
            -> Bool
        {
            Sodium.ensureInitialized()
            guard signature.count == Ed25519.signatureLength else { return false }
            let sig = Array(signature)
            let msg = Array(message)
            return sig.withUnsafeBufferPointer { s in
                msg.withUnsafeBufferPointer { m in
                    rawRepresentation.withUnsafeBufferPointer { k in
                        crypto_sign_verify_detached(s.baseAddress!, m.baseAddress, UInt64(m.count), k.baseAddress!) == 0
                    }
                }
            }
        }

        /// Verifies a signature made with `SigningKey.signature(for:context:)`.
        public func isValidSignature(
            _ signature: some Collection<UInt8>, for message: some Collection<UInt8>, context: String
        ) -> Bool {
            isValidRawSignature(signature, for: DomainSeparation.message(context: context, bytes: message))
        }

        /// Like `isValidSignature` but throws `.invalidSignatureLength` / `.invalidSignature`.
        public func verify(
            _ signature: some Collection<UInt8>, for message: some Collection<UInt8>, context: String
        ) throws(CryptoError) {
            guard signature.count == Ed25519.signatureLength else {
                throw CryptoError(.invalidSignatureLength, "Ed25519 signature must be 64 bytes, got \(signature.count)")
            }
            guard isValidSignature(signature, for: message, context: context) else {
                throw CryptoError(.invalidSignature, "Ed25519 signature does not verify (context \(context))")
            }
        }

        /// Hex of the key: public keys are not secret.
        public var description: String { "Ed25519.PublicKey(\(HexString.encode(rawRepresentation)))" }
    }

    /// An Ed25519 signing key. The 64-byte libsodium secret key (seed ‖ public key) lives in `SecretBytes`.
    public struct SigningKey: Sendable, CustomStringConvertible {
        private let secret: SecretBytes
        public let publicKey: PublicKey

        /// A fresh key from the CSPRNG.
        public init() {
            self.init(seedUnchecked: SecureRandom.secret(count: Ed25519.seedLength))
        }

        /// Derives the key from a 32-byte RFC 8032 seed.
        public init(seed: SecretBytes) throws(CryptoError) {
            guard seed.count == Ed25519.seedLength else {
                throw CryptoError(.invalidKeyLength, "Ed25519 seed must be 32 bytes, got \(seed.count)")
            }
            self.init(seedUnchecked: seed)
        }

        private init(seedUnchecked seed: SecretBytes) {
            Sodium.ensureInitialized()
            var pk = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
            secret = SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { sk in
                seed.withUnsafeBytes { s in
                    pk.withUnsafeMutableBufferPointer { p in
                        _ = crypto_sign_seed_keypair(
                            p.baseAddress!, sk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            s.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    }
                }
            }
            // 32 bytes by construction.
            publicKey = try! PublicKey(rawRepresentation: pk)
        }

        /// The 32-byte seed, for storing the key (keep it secret).
        public var seed: SecretBytes {
            secret.withUnsafeBytes { SecretBytes($0.prefix(Ed25519.seedLength)) }
        }

        /// A raw RFC 8032 signature over `message` (no domain separation: KATs and interop only).
        public func rawSignature(for message: some Collection<UInt8>) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
            let msg = Array(message)
            secret.withUnsafeBytes { sk in
                msg.withUnsafeBufferPointer { m in
                    signature.withUnsafeMutableBufferPointer { s in
                        _ = crypto_sign_detached(
                            s.baseAddress!, nil, m.baseAddress, UInt64(m.count),
                            sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    }
                }
            }
            return signature
        }

        /// Signs `message` under a domain-separation `context` such as `"surety/consensus/v1"`.
        public func signature(for message: some Collection<UInt8>, context: String) -> [UInt8] {
            rawSignature(for: DomainSeparation.message(context: context, bytes: message))
        }

        public var description: String { "Ed25519.SigningKey([scrubbed], public: \(publicKey))" }
    }
}

/// The byte string every domain-separated signature covers (Docs/SPEC.md §1.4):
/// `u8 len(context) ‖ context ‖ message`, where `context` is 1–255 printable ASCII bytes of the form
/// `surety/<name>/v<version>`. SuretyWire's `SignatureDomain.signingInput` produces the same bytes.
public enum DomainSeparation {
    public static func message(context: String, bytes: some Collection<UInt8>) -> [UInt8] {
        let ctx = Array(context.utf8)
        // Contexts are short compile-time constants; an empty or oversized one is a programming error.
        precondition((1...255).contains(ctx.count), "signature contexts are 1-255 bytes")
        var out: [UInt8] = []
        out.reserveCapacity(1 + ctx.count + bytes.count)
        out.append(UInt8(ctx.count))
        out += ctx
        out += bytes
        return out
    }
}

/// Lower-case hex for public values in descriptions and logs.
public enum HexString {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex; returns nil for odd length or a non-hex digit.
    public static func decode(_ string: String) -> [UInt8]? {
        let utf8 = Array(string.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
