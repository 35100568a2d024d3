import CSodium

/// A hashed-ElGamal ciphertext on ristretto255 under the governance escrow key Y (DESIGN.md, "Escrow").
///
/// encrypt: pick r ≠ 0, R = r·B, key = BLAKE2b-256("surety/escrow/v1" ‖ R ‖ r·Y), then seal the
/// payload with ChaCha20-Poly1305-IETF (RFC 8439 §2.8). Hashing the shared point rather than
/// encoding the payload as a point is what lets the payload be arbitrary bytes: a ristretto255
/// element cannot carry 32 arbitrary bytes. Anyone holding x (with Y = x·B) or the combined
/// decryption point x·R from k admins' shares recomputes the key.
///
/// Wire form: R (32 bytes) ‖ ciphertext ‖ Poly1305 tag (16 bytes).
public struct EscrowCiphertext: Sendable, Hashable {
    /// Bytes a ciphertext adds to its payload: R plus the AEAD tag.
    public static let overhead = Ristretto255.pointByteCount + tagByteCount
    static let tagByteCount = Int(crypto_aead_chacha20poly1305_ietf_ABYTES)

    /// The ElGamal ephemeral R = r·B.
    public let ephemeralKey: Ristretto255.Point
    /// The AEAD output: ciphertext ‖ tag.
    public let sealedPayload: [UInt8]

    /// Assembles a ciphertext from its parts; rejects a sealed payload shorter than the tag.
    public init(ephemeralKey: Ristretto255.Point, sealedPayload: [UInt8]) throws {
        guard sealedPayload.count >= Self.tagByteCount else {
            throw CryptoError(
                .invalidLength,
                "escrow ciphertext body must hold at least the \(Self.tagByteCount)-byte tag, got \(sealedPayload.count)"
            )
        }
        self.ephemeralKey = ephemeralKey
        self.sealedPayload = sealedPayload
    }

    /// Parses the wire form R ‖ ciphertext ‖ tag. Short input throws `.invalidLength`; an R that is
    /// not a valid element throws `.invalidPoint` / `.identityPoint`.
    public init(serialized bytes: some Collection<UInt8>) throws {
        let input = Array(bytes)
        guard input.count >= Self.overhead else {
            throw CryptoError(
                .invalidLength, "escrow ciphertext must be at least \(Self.overhead) bytes, got \(input.count)")
        }
        let ephemeral = try Ristretto255.Point(encoded: input[0..<Ristretto255.pointByteCount])
        try self.init(ephemeralKey: ephemeral, sealedPayload: Array(input[Ristretto255.pointByteCount...]))
    }

    /// The wire form R ‖ ciphertext ‖ tag.
    public var serialized: [UInt8] { ephemeralKey.encoded + sealedPayload }

    /// Encrypts `payload` to the escrow public key `recipient` (Y), binding `associatedData` (for
    /// example the epoch and circuit key the escrow belongs to) into the AEAD tag.
    public static func encrypt(
        _ payload: [UInt8],
        to recipient: Ristretto255.Point,
        associatedData: [UInt8] = []
    ) throws -> EscrowCiphertext {
        try payload.withUnsafeBytes { message in
            try seal(message, to: recipient, associatedData: associatedData)
        }
    }

    /// Encrypts a payload held in zeroising storage (a member handle and signature are identifying).
    public static func encrypt(
        _ payload: SecretBytes,
        to recipient: Ristretto255.Point,
        associatedData: [UInt8] = []
    ) throws -> EscrowCiphertext {
        try payload.withUnsafeBytes { message in
            try seal(message, to: recipient, associatedData: associatedData)
        }
    }

    private static func seal(
        _ message: UnsafeRawBufferPointer,
        to recipient: Ristretto255.Point,
        associatedData: [UInt8]
    ) throws -> EscrowCiphertext {
        let ephemeralSecret = Ristretto255.Scalar.random()
        let ephemeral = try Ristretto255.Point(generatorMultiple: ephemeralSecret)
        let shared = try recipient.secretMultiple(ephemeralSecret)
        let key = EscrowKDF.key(ephemeralKey: ephemeral, sharedPoint: shared)
        var sealed = [UInt8](repeating: 0, count: message.count + tagByteCount)
        var sealedLength: UInt64 = 0
        let status = key.withUnsafeBytes { keyBytes in
            associatedData.withUnsafeBytes { extra in
                crypto_aead_chacha20poly1305_ietf_encrypt(
                    &sealed, &sealedLength,
                    message.ristrettoOptionalBytes, UInt64(message.count),
                    extra.ristrettoOptionalBytes, UInt64(extra.count),
                    nil, EscrowKDF.zeroNonce, keyBytes.ristrettoBytes)
            }
        }
        guard status == 0, sealedLength == UInt64(sealed.count) else {
            throw CryptoError(.libraryFailure, "crypto_aead_chacha20poly1305_ietf_encrypt failed")
        }
        return try EscrowCiphertext(ephemeralKey: ephemeral, sealedPayload: sealed)
    }

    /// Decrypts with the full escrow secret x (testnet dealer or tests; production never
    /// reassembles x). Throws `.authenticationFailed` for a wrong key, wrong associated data or any
    /// modification of R or the body.
    public func decrypt(secretKey: Ristretto255.Scalar, associatedData: [UInt8] = []) throws -> SecretBytes {
        let shared = try ephemeralKey.secretMultiple(secretKey)
        return try open(sharedPoint: shared, associatedData: associatedData)
    }

    /// Decrypts with the combined decryption point x·R, as returned by
    /// `DecryptionShare.combine(shares:threshold:)` from k verified admin shares.
    public func decrypt(sharedPoint: Ristretto255.Point, associatedData: [UInt8] = []) throws -> SecretBytes {
        try open(sharedPoint: SecretBytes(sharedPoint.encoded), associatedData: associatedData)
    }

    private func open(sharedPoint: SecretBytes, associatedData: [UInt8]) throws -> SecretBytes {
        let key = EscrowKDF.key(ephemeralKey: ephemeralKey, sharedPoint: sharedPoint)
        return try SecretBytes(count: sealedPayload.count - Self.tagByteCount) { plaintext in
            var plaintextLength: UInt64 = 0
            let status = key.withUnsafeBytes { keyBytes in
                associatedData.withUnsafeBytes { extra in
                    crypto_aead_chacha20poly1305_ietf_decrypt(
                        plaintext.ristrettoOptionalBytes, &plaintextLength, nil,
                        sealedPayload, UInt64(sealedPayload.count),
                        extra.ristrettoOptionalBytes, UInt64(extra.count),
                        EscrowKDF.zeroNonce, keyBytes.ristrettoBytes)
                }
            }
            guard status == 0 else {
                throw CryptoError(.authenticationFailed, "escrow ciphertext did not authenticate")
            }
        }
    }
}

/// Key derivation for escrow ciphertexts. Private to this file so it cannot collide with the
/// module's public BLAKE2b API; it calls libsodium's `crypto_generichash` (BLAKE2b, RFC 7693) directly.
private enum EscrowKDF {
    /// Domain separation for version 1 of the escrow ciphertext format (exactly 16 bytes).
    static let domain = Array("surety/escrow/v1".utf8)

    /// ChaCha20-Poly1305 nonce. An all-zero nonce is safe because every AEAD key is used exactly
    /// once: it is derived from a fresh ephemeral R (and r·Y) per ciphertext, so no (key, nonce)
    /// pair can repeat.
    static let zeroNonce = [UInt8](repeating: 0, count: Int(crypto_aead_chacha20poly1305_ietf_NPUBBYTES))

    /// key = BLAKE2b-256(domain ‖ R ‖ shared point). R is hashed as well as r·Y so the key is
    /// bound to this exact ciphertext's ephemeral encoding.
    static func key(ephemeralKey: Ristretto255.Point, sharedPoint: SecretBytes) -> SecretBytes {
        Sodium.ensureInitialized()
        let input = SecretBytes(count: domain.count + 2 * Ristretto255.pointByteCount) { buffer in
            var offset = 0
            for part in [domain, ephemeralKey.encoded] {
                part.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + source.count])
                        .copyMemory(from: source)
                }
                offset += part.count
            }
            sharedPoint.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + source.count])
                    .copyMemory(from: source)
            }
        }
        return SecretBytes(count: Int(crypto_aead_chacha20poly1305_ietf_KEYBYTES)) { out in
            _ = input.withUnsafeBytes { message in
                crypto_generichash(
                    out.ristrettoBytes, out.count, message.ristrettoOptionalBytes, UInt64(message.count), nil, 0)
            }
        }
    }
}
