/// RSA blind signatures, RFC 9474 (RSABSSA), on OpenSSL 3.
///
/// Exit tokens (DESIGN.md, "Exit tokens") are blind RSA signatures: the client prepares and blinds a message, the
/// issuer signs the blinded value without learning the message, and the client unblinds to an ordinary RSASSA-PSS
/// signature (SHA-384, MGF1-SHA-384) that anyone can verify with the issuer's public key.
///
/// ```
/// client                                            issuer
/// prepared = BlindRSA.prepare(message: msg)
/// b = BlindRSA.blind(publicKey: pk, message: prepared)
///                    b.blindedMessage ──────────────▶
///                              blindSig = BlindRSA.blindSign(privateKey: sk, blindedMessage:)
///                    ◀────────────── blindSig
/// sig = BlindRSA.finalize(publicKey: pk, message: prepared, blindSignature: blindSig, inverse: b.inverse)
/// ```
///
/// The verifier needs `prepared` (the message with its 32-byte random prefix for the randomized variants) and `sig`.
/// EMSA-PSS is implemented here because OpenSSL has no RFC 9474 API and its PSS padding cannot take a given salt; the
/// RSA operations are OpenSSL's (`EVP_PKEY` for the private key, `BIGNUM` Montgomery arithmetic for the rest).
public enum BlindRSA {
    /// Length of the random prefix that the randomized variants prepend (RFC 9474 §4.1).
    public static let randomizerByteCount = 32

    /// Prepare (RFC 9474 §4.1): for randomized variants, `randomizer || message` with 32 fresh random bytes;
    /// for deterministic variants, `message` unchanged.
    ///
    /// - Parameter randomizer: a fixed 32-byte prefix instead of a random one; only for known-answer tests.
    /// - Throws: `.invalidLength` for a randomizer that is not 32 bytes, `.invalidParameter` for a randomizer given
    ///   to a deterministic variant.
    public static func prepare(
        message: [UInt8], variant: Variant = .sha384PSSRandomized, randomizer: [UInt8]? = nil
    ) throws -> [UInt8] {
        guard variant.isRandomized else {
            guard randomizer == nil else {
                throw CryptoError(.invalidParameter, "\(variant) does not randomize messages")
            }
            return message
        }
        let prefix = randomizer ?? SecureRandom.bytes(count: randomizerByteCount)
        guard prefix.count == randomizerByteCount else {
            throw CryptoError(.invalidLength, "message randomizer must be \(randomizerByteCount) bytes")
        }
        return prefix + message
    }

    /// Blind (RFC 9474 §4.2): EMSA-PSS-encodes the prepared message and multiplies it by r^e mod n for a uniformly
    /// random r in [1, n).
    ///
    /// - Parameters:
    ///   - message: the prepared message (output of `prepare`); keep it for `finalize` and for verifiers.
    ///   - salt: a fixed PSS salt of `variant.saltLength` bytes instead of a random one; only for known-answer tests.
    ///   - blindingFactor: a fixed r (big-endian, 1 <= r < n) instead of a random one; only for known-answer tests.
    /// - Throws: `.invalidLength` for a salt of the wrong length; `.invalidParameter` if the encoded message is not
    ///   co-prime with n ("invalid input": the key is bad) or a given r is out of range or not invertible.
    public static func blind(
        publicKey: PublicKey, message: [UInt8], variant: Variant = .sha384PSSRandomized, salt: [UInt8]? = nil,
        blindingFactor: SecretBytes? = nil
    ) throws -> BlindingResult {
        let key = publicKey.storage
        let salt = salt ?? SecureRandom.bytes(count: variant.saltLength)
        guard salt.count == variant.saltLength else {
            throw CryptoError(.invalidLength, "\(variant) needs a \(variant.saltLength)-byte salt")
        }
        // Steps 1-3: the encoding has bit_len(n) - 1 bits, as in RSASSA-PSS-SIGN (RFC 8017 §8.1.1), so m < n.
        var encoded = try EMSAPSS.encode(message: message, emBits: key.modulusBitCount - 1, salt: salt)
        defer { ConstantTime.wipe(&encoded) }
        let context = try BigNumContext()
        let m = try BigNum(bigEndian: encoded, secret: true)
        // Steps 4-5: a message representative sharing a factor with n would reveal it; only a bad key allows that.
        guard try key.isCoprime(m, context: context) else {
            throw CryptoError(.invalidParameter, "invalid input: encoded message is not co-prime with the modulus")
        }
        // Steps 6-8: r uniform in [1, n) and its inverse.
        let (r, inverse) = try blindingFactorAndInverse(key: key, given: blindingFactor, context: context)
        // Steps 9-11: z = m * r^e mod n.
        let x = try key.secretPower(r, context: context)
        let z = try key.multiply(m, x, context: context)
        guard
            let blinded = z.bigEndianBytes(count: key.modulusByteCount),
            let inverseBytes = inverse.secretBigEndianBytes(count: key.modulusByteCount)
        else { throw CryptoError(.libraryFailure, "blinded value does not fit the modulus") }
        return BlindingResult(blindedMessage: blinded, inverse: inverseBytes)
    }

    /// r and inverse_mod(r, n) (RFC 9474 §4.2 steps 6-8). A random r that is not invertible is redrawn, as the RFC
    /// suggests; for a proper modulus that never happens in practice.
    private static func blindingFactorAndInverse(
        key: PublicKey.Storage, given: SecretBytes?, context: BigNumContext
    ) throws -> (BigNum, BigNum) {
        if let given {
            let r = try BigNum(bigEndian: given)
            guard !r.isZero, r.isLess(than: key.n) else {
                throw CryptoError(.invalidParameter, "blinding factor must be in [1, n)")
            }
            guard let inverse = try key.inverse(r, context: context) else {
                throw CryptoError(.invalidParameter, "blinding error: blinding factor is not invertible modulo n")
            }
            return (r, inverse)
        }
        for _ in 0..<8 {
            let r = try key.randomBlindingFactor()
            if let inverse = try key.inverse(r, context: context) { return (r, inverse) }
        }
        throw CryptoError(.invalidParameter, "blinding error: no invertible blinding factor found")
    }

    /// BlindSign (RFC 9474 §4.3): the raw RSA private operation on the blinded message, checked with the public key
    /// before it is released so that a faulty computation cannot leak the private key (RFC 9474 §7.1).
    ///
    /// - Throws: `.invalidLength` if the blinded message is not `modulusByteCount` bytes; `.invalidParameter`
    ///   ("message representative out of range") if it encodes a value >= n; `.libraryFailure` if OpenSSL fails or
    ///   the result does not verify.
    public static func blindSign(privateKey: PrivateKey, blindedMessage: [UInt8]) throws -> [UInt8] {
        try checkedPrivateOperation(key: privateKey.storage, input: blindedMessage)
    }

    /// Finalize (RFC 9474 §4.4): unblinds with the inverse and verifies the result as an RSASSA-PSS signature over
    /// the prepared message.
    ///
    /// - Throws: `.invalidLength` for a blind signature or inverse that is not `modulusByteCount` bytes;
    ///   `.invalidParameter` for values >= n or a zero inverse; `.invalidSignature` if the unblinded signature does
    ///   not verify (the issuer misbehaved, or the wrong key, message or inverse was used).
    public static func finalize(
        publicKey: PublicKey, message: [UInt8], blindSignature: [UInt8], inverse: SecretBytes,
        variant: Variant = .sha384PSSRandomized
    ) throws -> [UInt8] {
        let key = publicKey.storage
        guard blindSignature.count == key.modulusByteCount else {
            throw CryptoError(.invalidLength, "blind signature must be \(key.modulusByteCount) bytes")
        }
        guard inverse.count == key.modulusByteCount else {
            throw CryptoError(.invalidLength, "blinding inverse must be \(key.modulusByteCount) bytes")
        }
        let context = try BigNumContext()
        let z = try BigNum(bigEndian: blindSignature)
        guard z.isLess(than: key.n) else {
            throw CryptoError(.invalidParameter, "blind signature representative out of range")
        }
        let inv = try BigNum(bigEndian: inverse)
        guard !inv.isZero, inv.isLess(than: key.n) else {
            throw CryptoError(.invalidParameter, "blinding inverse out of range")
        }
        // Steps 2-4: s = z * inv mod n.
        let s = try key.multiply(z, inv, context: context)
        guard let signature = s.bigEndianBytes(count: key.modulusByteCount) else {
            throw CryptoError(.libraryFailure, "signature does not fit the modulus")
        }
        // Steps 5-6.
        try verify(publicKey: publicKey, message: message, signature: signature, variant: variant)
        return signature
    }

    /// RSASSA-PSS-VERIFY (RFC 8017 §8.1.2; RFC 9474 §4.5) of `signature` over the prepared message.
    ///
    /// - Throws: `.invalidSignatureLength` if the signature is not `modulusByteCount` bytes, `.invalidSignature`
    ///   if it does not verify (including a signature representative >= n).
    public static func verify(
        publicKey: PublicKey, message: [UInt8], signature: [UInt8], variant: Variant = .sha384PSSRandomized
    ) throws {
        let key = publicKey.storage
        guard signature.count == key.modulusByteCount else {
            throw CryptoError(.invalidSignatureLength, "signature must be \(key.modulusByteCount) bytes")
        }
        let s = try BigNum(bigEndian: signature)
        guard s.isLess(than: key.n) else {
            throw CryptoError(.invalidSignature, "signature representative out of range")
        }
        let context = try BigNumContext()
        let m = try key.publicOperation(s, context: context)
        let emBits = key.modulusBitCount - 1
        guard
            let encoded = m.bigEndianBytes(count: (emBits + 7) / 8),
            try EMSAPSS.verify(message: message, encoded: encoded, emBits: emBits, saltLength: variant.saltLength)
        else { throw CryptoError(.invalidSignature, "\(variant) signature does not verify") }
    }

    /// RSASP1 with the range checks of RFC 9474 §4.3 and the RSAVP1 check of the result.
    static func checkedPrivateOperation(key: PrivateKey.Storage, input: [UInt8]) throws -> [UInt8] {
        let publicKey = key.publicKey.storage
        guard input.count == publicKey.modulusByteCount else {
            throw CryptoError(.invalidLength, "blinded message must be \(publicKey.modulusByteCount) bytes")
        }
        let m = try BigNum(bigEndian: input)
        guard m.isLess(than: publicKey.n) else {
            throw CryptoError(.invalidParameter, "message representative out of range")
        }
        let output = try key.rawPrivateOperation(input)
        // Steps 3-4: m' = RSAVP1(pk, s) must equal m.
        let context = try BigNumContext()
        let s = try BigNum(bigEndian: output)
        guard s.isLess(than: publicKey.n), try publicKey.publicOperation(s, context: context).isEqual(to: m) else {
            throw CryptoError(.libraryFailure, "signing failure: RSA result does not verify (possible fault)")
        }
        return output
    }
}
