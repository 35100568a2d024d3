import CSodium

/// A Chaum–Pedersen proof (Chaum & Pedersen, CRYPTO '92) that one secret x links two pairs:
/// log_B(Y) = log_R(D), made non-interactive with Fiat–Shamir over a BLAKE2b-512 transcript.
///
/// For escrow it shows that an admin's decryption share D_i = x_i·R uses the same x_i as their
/// published verification key Y_i = x_i·B, without revealing x_i. A share without a valid proof
/// could be garbage meant to make the opening fail, so combination only accepts proven shares.
///
/// Prover: w ← random, A = w·B, C = w·R, c = H(B, Y, R, D, A, C, i), s = w + c·x.
/// Verifier: A′ = s·B − c·Y, C′ = s·R − c·D, accept iff c = H(B, Y, R, D, A′, C′, i).
/// Encoding: c (32) ‖ s (32), both canonical scalars.
public struct DLEQProof: Sendable, Equatable {
    /// Encoded size: challenge plus response.
    public static let byteCount = 2 * Ristretto255.scalarByteCount

    /// The Fiat–Shamir challenge c.
    public let challenge: Ristretto255.Scalar
    /// The response s = w + c·x.
    public let response: Ristretto255.Scalar

    public init(challenge: Ristretto255.Scalar, response: Ristretto255.Scalar) {
        self.challenge = challenge
        self.response = response
    }

    /// Parses c ‖ s; wrong length throws `.invalidLength`, a non-canonical scalar `.invalidScalar`.
    public init(encoded bytes: some Collection<UInt8>) throws {
        let input = Array(bytes)
        guard input.count == Self.byteCount else {
            throw CryptoError(.invalidLength, "DLEQ proof must be \(Self.byteCount) bytes, got \(input.count)")
        }
        let half = Ristretto255.scalarByteCount
        self.init(
            challenge: try Ristretto255.Scalar(canonicalBytes: input[0..<half]),
            response: try Ristretto255.Scalar(canonicalBytes: input[half...]))
    }

    /// c ‖ s. Both scalars are public values.
    public var encoded: [UInt8] {
        challenge.storage.unsafeArray() + response.storage.unsafeArray()
    }

    /// Proves log_B(publicKey) = log_base(image) = secret, binding the admin index into the challenge.
    static func prove(
        secret: Ristretto255.Scalar,
        publicKey: Ristretto255.Point,
        base: Ristretto255.Point,
        image: Ristretto255.Point,
        adminIndex: UInt8
    ) throws -> DLEQProof {
        var nonce = DLEQTranscript.nonce(
            secret: secret, publicKey: publicKey, base: base, image: image, adminIndex: adminIndex)
        while nonce.isZero {
            nonce = DLEQTranscript.nonce(
                secret: secret, publicKey: publicKey, base: base, image: image, adminIndex: adminIndex)
        }
        let commitmentOnGenerator = try Ristretto255.Point(generatorMultiple: nonce)
        let commitmentOnBase = try base.multiplied(by: nonce)
        let challenge = DLEQTranscript.challenge(
            publicKey: publicKey, base: base, image: image,
            commitments: (commitmentOnGenerator, commitmentOnBase), adminIndex: adminIndex)
        return DLEQProof(challenge: challenge, response: nonce + challenge * secret)
    }

    /// Checks the proof; false for any mismatch, including commitments that recompute to the identity
    /// (an honest prover's never do, since w ≠ 0).
    func isValid(
        publicKey: Ristretto255.Point,
        base: Ristretto255.Point,
        image: Ristretto255.Point,
        adminIndex: UInt8
    ) -> Bool {
        do {
            let commitmentOnGenerator = try Ristretto255.Point(generatorMultiple: response)
                .subtracting(publicKey.multiplied(by: challenge))
            let commitmentOnBase = try base.multiplied(by: response)
                .subtracting(image.multiplied(by: challenge))
            let expected = DLEQTranscript.challenge(
                publicKey: publicKey, base: base, image: image,
                commitments: (commitmentOnGenerator, commitmentOnBase), adminIndex: adminIndex)
            return expected == challenge
        } catch {
            return false
        }
    }
}

/// Fiat–Shamir hashing for `DLEQProof`. Private to this file so it cannot collide with the
/// module's public BLAKE2b API; it calls libsodium's `crypto_generichash` (BLAKE2b-512, RFC 7693).
private enum DLEQTranscript {
    static let challengeDomain = Array("surety/escrow/dleq/v1".utf8)
    static let nonceDomain = Array("surety/escrow/dleq-nonce/v1".utf8)

    /// c = BLAKE2b-512(domain ‖ B ‖ Y ‖ R ‖ D ‖ A ‖ C ‖ i) mod ℓ. Every field has a fixed length, so
    /// the concatenation is unambiguous.
    static func challenge(
        publicKey: Ristretto255.Point,
        base: Ristretto255.Point,
        image: Ristretto255.Point,
        commitments: (Ristretto255.Point, Ristretto255.Point),
        adminIndex: UInt8
    ) -> Ristretto255.Scalar {
        var transcript = challengeDomain
        for element in [Ristretto255.Point.generator, publicKey, base, image, commitments.0, commitments.1] {
            transcript += element.encoded
        }
        transcript.append(adminIndex)
        return Ristretto255.Scalar(reducingWide: hash(transcript, key: nil))
    }

    /// A hedged nonce: BLAKE2b-512 keyed by the secret over fresh randomness and the statement.
    /// Even a weak CSPRNG cannot then make two proofs share w (which would leak x), and a broken
    /// hash alone cannot make w predictable while the CSPRNG works.
    static func nonce(
        secret: Ristretto255.Scalar,
        publicKey: Ristretto255.Point,
        base: Ristretto255.Point,
        image: Ristretto255.Point,
        adminIndex: UInt8
    ) -> Ristretto255.Scalar {
        var input = nonceDomain + SecureRandom.bytes(count: 32)
        for element in [publicKey, base, image] {
            input += element.encoded
        }
        input.append(adminIndex)
        defer { ConstantTime.wipe(&input) }
        return Ristretto255.Scalar(reducingWide: hash(input, key: secret.storage))
    }

    /// BLAKE2b with a 64-byte output, optionally keyed (keys up to 64 bytes).
    private static func hash(_ message: [UInt8], key: SecretBytes?) -> SecretBytes {
        Sodium.ensureInitialized()
        return SecretBytes(count: Ristretto255.uniformByteCount) { out in
            message.withUnsafeBytes { input in
                if let key {
                    key.withUnsafeBytes { keyBytes in
                        _ = crypto_generichash(
                            out.ristrettoBytes, out.count, input.ristrettoBytes, UInt64(input.count),
                            keyBytes.ristrettoBytes, keyBytes.count)
                    }
                } else {
                    _ = crypto_generichash(
                        out.ristrettoBytes, out.count, input.ristrettoBytes, UInt64(input.count), nil, 0)
                }
            }
        }
    }
}
