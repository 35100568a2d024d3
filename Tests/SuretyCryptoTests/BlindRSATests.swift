import PropertyBased
import SuretyTestSupport
import Testing

@testable import SuretyCrypto

/// Keys shared by the tests: the RFC 9474 Appendix A key, and one fresh 2048-bit key (generated once, because
/// key generation dominates the run time otherwise).
enum BlindRSAFixtures {
    static let vectorKey = Result {
        try BlindRSA.PrivateKey(
            modulus: Hex.decode(BlindRSAVector.n),
            publicExponent: Hex.decode(BlindRSAVector.e),
            privateExponent: SecretBytes(Hex.decode(BlindRSAVector.d)),
            prime1: SecretBytes(Hex.decode(BlindRSAVector.p)),
            prime2: SecretBytes(Hex.decode(BlindRSAVector.q)))
    }

    static let freshKey = Result { try BlindRSA.PrivateKey.generate(bits: 2048) }

    /// One completed protocol run with the fresh key: (prepared message, blinding, blind signature, signature).
    static let freshRun = Result { () throws -> Run in
        let key = try freshKey.get()
        let prepared = try BlindRSA.prepare(message: Array("exit token for epoch 7".utf8))
        let blinding = try BlindRSA.blind(publicKey: key.publicKey, message: prepared)
        let blindSignature = try BlindRSA.blindSign(privateKey: key, blindedMessage: blinding.blindedMessage)
        let signature = try BlindRSA.finalize(
            publicKey: key.publicKey, message: prepared, blindSignature: blindSignature, inverse: blinding.inverse)
        return Run(prepared: prepared, blinding: blinding, blindSignature: blindSignature, signature: signature)
    }

    struct Run: Sendable {
        let prepared: [UInt8]
        let blinding: BlindRSA.BlindingResult
        let blindSignature: [UInt8]
        let signature: [UInt8]
    }
}

extension BlindRSAVector {
    var variant: BlindRSA.Variant {
        switch (msgPrefix.isEmpty, salt.isEmpty) {
        case (false, false): return .sha384PSSRandomized
        case (false, true): return .sha384PSSZeroRandomized
        case (true, false): return .sha384PSSDeterministic
        case (true, true): return .sha384PSSZeroDeterministic
        }
    }
}

/// Expects `body` to throw a `CryptoError` with `code`.
func expectCryptoError(
    _ codes: CryptoError.Code..., sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try body() }
    if let error {
        #expect(codes.contains(error.code), "unexpected \(error)", sourceLocation: sourceLocation)
    }
}

/// Returns `bytes` with bit `bit` (0 = most significant bit of the first byte) flipped.
func flippingBit(_ bit: Int, of bytes: [UInt8]) -> [UInt8] {
    var copy = bytes
    copy[bit / 8] ^= 0x80 >> UInt8(bit % 8)
    return copy
}

@Suite struct BlindRSATests {
    // MARK: RFC 9474 Appendix A

    @Test func vectorKeyHasTheVectorModulus() throws {
        let key = try BlindRSAFixtures.vectorKey.get()
        #expect(key.publicKey.modulus == Hex.decode(BlindRSAVector.n))
        #expect(key.publicKey.publicExponent == [0x01, 0x00, 0x01])
        #expect(key.publicKey.modulusBitCount == 4096)
        #expect(key.publicKey.modulusByteCount == 512)
    }

    @Test(arguments: BlindRSAVector.all)
    func rfc9474Vector(_ vector: BlindRSAVector) throws {
        let key = try BlindRSAFixtures.vectorKey.get()
        let publicKey = key.publicKey
        let variant = vector.variant
        let message = Hex.decode(BlindRSAVector.msg)
        let prepared = Hex.decode(vector.preparedMsg)
        let salt = Hex.decode(vector.salt)
        let inverse = Hex.decode(BlindRSAVector.inv)

        // Prepare (§4.1).
        let randomizer = vector.msgPrefix.isEmpty ? nil : Hex.decode(vector.msgPrefix)
        #expect(try BlindRSA.prepare(message: message, variant: variant, randomizer: randomizer) == prepared)

        // EMSA-PSS-ENCODE with the vector's salt (RFC 8017 §9.1.1).
        let encoded = try BlindRSA.EMSAPSS.encode(message: prepared, emBits: 4095, salt: salt)
        #expect(Hex.encode(encoded) == Hex.encode(Hex.decode(vector.encodedMsg)))

        // Blind (§4.2) with r = inv^-1 mod n, which reproduces the vector's inverse.
        let context = try BlindRSA.BigNumContext()
        let r = try #require(
            try publicKey.storage.inverse(BlindRSA.BigNum(bigEndian: SecretBytes(inverse)), context: context))
        let rBytes = try #require(r.secretBigEndianBytes(count: 512))
        let blinding = try BlindRSA.blind(
            publicKey: publicKey, message: prepared, variant: variant, salt: salt, blindingFactor: rBytes)
        #expect(Hex.encode(blinding.blindedMessage) == Hex.encode(Hex.decode(vector.blindedMsg)))
        #expect(blinding.inverse == SecretBytes(inverse))

        // BlindSign (§4.3).
        let blindSignature = try BlindRSA.blindSign(privateKey: key, blindedMessage: blinding.blindedMessage)
        #expect(Hex.encode(blindSignature) == Hex.encode(Hex.decode(vector.blindSig)))

        // Finalize (§4.4) and Verification (§4.5).
        let signature = try BlindRSA.finalize(
            publicKey: publicKey, message: prepared, blindSignature: blindSignature,
            inverse: SecretBytes(inverse), variant: variant)
        #expect(Hex.encode(signature) == Hex.encode(Hex.decode(vector.sig)))
        try BlindRSA.verify(publicKey: publicKey, message: prepared, signature: signature, variant: variant)

        // The signature is over the prepared message, and only under the vector's salt length.
        if randomizer != nil {
            expectCryptoError(.invalidSignature) {
                try BlindRSA.verify(publicKey: publicKey, message: message, signature: signature, variant: variant)
            }
        }
        let otherSaltLength: BlindRSA.Variant =
            variant.saltLength == 0 ? .sha384PSSDeterministic : .sha384PSSZeroDeterministic
        expectCryptoError(.invalidSignature) {
            try BlindRSA.verify(
                publicKey: publicKey, message: prepared, signature: signature, variant: otherSaltLength)
        }
    }

    @Test func emsaPSSVerifyRejectsMalformedEncodings() throws {
        let vector = BlindRSAVector.pssDeterministic
        let prepared = Hex.decode(vector.preparedMsg)
        let encoded = Hex.decode(vector.encodedMsg)
        #expect(try BlindRSA.EMSAPSS.verify(message: prepared, encoded: encoded, emBits: 4095, saltLength: 48))
        var badTrailer = encoded
        badTrailer[badTrailer.count - 1] = 0xbd
        #expect(try !BlindRSA.EMSAPSS.verify(message: prepared, encoded: badTrailer, emBits: 4095, saltLength: 48))
        #expect(
            try !BlindRSA.EMSAPSS.verify(
                message: prepared, encoded: flippingBit(0, of: encoded), emBits: 4095, saltLength: 48))
        #expect(
            try !BlindRSA.EMSAPSS.verify(
                message: prepared, encoded: Array(encoded.dropFirst()), emBits: 4095, saltLength: 48))
        #expect(try !BlindRSA.EMSAPSS.verify(message: prepared, encoded: encoded, emBits: 4095, saltLength: 47))
    }

    // MARK: Fresh keys

    @Test(arguments: [
        BlindRSA.Variant.sha384PSSRandomized, .sha384PSSZeroRandomized, .sha384PSSDeterministic,
        .sha384PSSZeroDeterministic,
    ])
    func freshKeyRoundTrip(_ variant: BlindRSA.Variant) throws {
        let key = try BlindRSAFixtures.freshKey.get()
        #expect(key.publicKey.modulusBitCount == 2048)
        let message = Array("hello, \(variant)".utf8)
        let prepared = try BlindRSA.prepare(message: message, variant: variant)
        #expect(prepared.count == message.count + (variant.isRandomized ? 32 : 0))
        #expect(prepared.suffix(message.count) == message[...])
        let blinding = try BlindRSA.blind(publicKey: key.publicKey, message: prepared, variant: variant)
        #expect(blinding.blindedMessage.count == 256)
        #expect(blinding.inverse.count == 256)
        let blindSignature = try BlindRSA.blindSign(privateKey: key, blindedMessage: blinding.blindedMessage)
        let signature = try BlindRSA.finalize(
            publicKey: key.publicKey, message: prepared, blindSignature: blindSignature, inverse: blinding.inverse,
            variant: variant)
        try BlindRSA.verify(publicKey: key.publicKey, message: prepared, signature: signature, variant: variant)
        #expect(signature != blindSignature)
    }

    @Test func blindingHidesTheMessage() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let prepared = try BlindRSA.prepare(message: [1, 2, 3], variant: .sha384PSSZeroDeterministic)
        let first = try BlindRSA.blind(
            publicKey: key.publicKey, message: prepared, variant: .sha384PSSZeroDeterministic)
        let second = try BlindRSA.blind(
            publicKey: key.publicKey, message: prepared, variant: .sha384PSSZeroDeterministic)
        #expect(first.blindedMessage != second.blindedMessage)
        #expect(first.inverse != second.inverse)
        // PSSZERO-Deterministic still yields the same final signature from both blindings.
        let signatures = try [first, second].map { blinding in
            try BlindRSA.finalize(
                publicKey: key.publicKey, message: prepared,
                blindSignature: BlindRSA.blindSign(privateKey: key, blindedMessage: blinding.blindedMessage),
                inverse: blinding.inverse, variant: .sha384PSSZeroDeterministic)
        }
        #expect(signatures[0] == signatures[1])
    }

    @Test func concurrentSigningWithOneKey() async throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let prepared = try BlindRSA.prepare(message: [UInt8(index)])
                    let blinding = try BlindRSA.blind(publicKey: key.publicKey, message: prepared)
                    let blindSignature = try BlindRSA.blindSign(
                        privateKey: key, blindedMessage: blinding.blindedMessage)
                    _ = try BlindRSA.finalize(
                        publicKey: key.publicKey, message: prepared, blindSignature: blindSignature,
                        inverse: blinding.inverse)
                    return true
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 8 && results.allSatisfy { $0 })
    }

    // MARK: Tampering

    @Test func everySingleBitFlipOfTheSignatureIsRejected() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let run = try BlindRSAFixtures.freshRun.get()
        for bit in 0..<(run.signature.count * 8) {
            expectCryptoError(.invalidSignature) {
                try BlindRSA.verify(
                    publicKey: key.publicKey, message: run.prepared, signature: flippingBit(bit, of: run.signature))
            }
        }
    }

    @Test func everySingleBitFlipOfTheBlindSignatureIsRejected() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let run = try BlindRSAFixtures.freshRun.get()
        for bit in 0..<(run.blindSignature.count * 8) {
            // A flip in the top bits can push the value to n or above, which is refused before unblinding.
            expectCryptoError(.invalidSignature, .invalidParameter) {
                _ = try BlindRSA.finalize(
                    publicKey: key.publicKey, message: run.prepared,
                    blindSignature: flippingBit(bit, of: run.blindSignature), inverse: run.blinding.inverse)
            }
        }
    }

    @Test func everySingleBitFlipOfTheMessageIsRejected() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let run = try BlindRSAFixtures.freshRun.get()
        for bit in 0..<(run.prepared.count * 8) {
            expectCryptoError(.invalidSignature) {
                try BlindRSA.verify(
                    publicKey: key.publicKey, message: flippingBit(bit, of: run.prepared), signature: run.signature)
            }
        }
    }

    @Test func randomMessagesAndBitFlips() async throws {
        let key = try BlindRSAFixtures.freshKey.get()
        await propertyCheck(count: 25, input: Gen.uint8().array(of: 0...80), Gen.int(in: 0...2047)) { message, bit in
            do {
                let prepared = try BlindRSA.prepare(message: message)
                let blinding = try BlindRSA.blind(publicKey: key.publicKey, message: prepared)
                let blindSignature = try BlindRSA.blindSign(privateKey: key, blindedMessage: blinding.blindedMessage)
                let signature = try BlindRSA.finalize(
                    publicKey: key.publicKey, message: prepared, blindSignature: blindSignature,
                    inverse: blinding.inverse)
                try BlindRSA.verify(publicKey: key.publicKey, message: prepared, signature: signature)
                expectCryptoError(.invalidSignature) {
                    try BlindRSA.verify(
                        publicKey: key.publicKey, message: prepared, signature: flippingBit(bit, of: signature))
                }
                expectCryptoError(.invalidSignature, .invalidParameter) {
                    _ = try BlindRSA.finalize(
                        publicKey: key.publicKey, message: prepared,
                        blindSignature: flippingBit(bit, of: blindSignature), inverse: blinding.inverse)
                }
                let messageBit = bit % (prepared.count * 8)
                expectCryptoError(.invalidSignature) {
                    try BlindRSA.verify(
                        publicKey: key.publicKey, message: flippingBit(messageBit, of: prepared), signature: signature)
                }
            } catch {
                Issue.record("protocol run failed: \(error)")
            }
        }
    }

    @Test func wrongInverseIsRejected() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let run = try BlindRSAFixtures.freshRun.get()
        let other = try BlindRSA.blind(publicKey: key.publicKey, message: run.prepared)
        expectCryptoError(.invalidSignature) {
            _ = try BlindRSA.finalize(
                publicKey: key.publicKey, message: run.prepared, blindSignature: run.blindSignature,
                inverse: other.inverse)
        }
    }

    // MARK: Malformed input

    @Test func wrongLengthsThrow() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let run = try BlindRSAFixtures.freshRun.get()
        let pk = key.publicKey
        for length in [0, 1, 255, 257, 512] {
            let bytes = [UInt8](repeating: 0x01, count: length)
            expectCryptoError(.invalidLength) { _ = try BlindRSA.blindSign(privateKey: key, blindedMessage: bytes) }
            expectCryptoError(.invalidLength) {
                _ = try BlindRSA.finalize(
                    publicKey: pk, message: run.prepared, blindSignature: bytes, inverse: run.blinding.inverse)
            }
            expectCryptoError(.invalidLength) {
                _ = try BlindRSA.finalize(
                    publicKey: pk, message: run.prepared, blindSignature: run.blindSignature,
                    inverse: SecretBytes(bytes))
            }
            expectCryptoError(.invalidSignatureLength) {
                try BlindRSA.verify(publicKey: pk, message: run.prepared, signature: bytes)
            }
        }
        expectCryptoError(.invalidLength) {
            _ = try BlindRSA.blind(publicKey: pk, message: [1], variant: .sha384PSSRandomized, salt: [1, 2, 3])
        }
        expectCryptoError(.invalidLength) {
            _ = try BlindRSA.blind(publicKey: pk, message: [1], variant: .sha384PSSZeroRandomized, salt: [0])
        }
        expectCryptoError(.invalidLength) { _ = try BlindRSA.prepare(message: [1], randomizer: [0, 1]) }
        expectCryptoError(.invalidParameter) {
            _ = try BlindRSA.prepare(
                message: [1], variant: .sha384PSSDeterministic, randomizer: [UInt8](repeating: 0, count: 32))
        }
    }

    @Test func outOfRangeValuesThrow() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let run = try BlindRSAFixtures.freshRun.get()
        let pk = key.publicKey
        let n = pk.modulus
        let allOnes = [UInt8](repeating: 0xff, count: 256)
        let zero = [UInt8](repeating: 0, count: 256)
        for value in [n, allOnes] {
            expectCryptoError(.invalidParameter) { _ = try BlindRSA.blindSign(privateKey: key, blindedMessage: value) }
            expectCryptoError(.invalidSignature) {
                try BlindRSA.verify(publicKey: pk, message: run.prepared, signature: value)
            }
            expectCryptoError(.invalidParameter) {
                _ = try BlindRSA.finalize(
                    publicKey: pk, message: run.prepared, blindSignature: value, inverse: run.blinding.inverse)
            }
            expectCryptoError(.invalidParameter) {
                _ = try BlindRSA.finalize(
                    publicKey: pk, message: run.prepared, blindSignature: run.blindSignature,
                    inverse: SecretBytes(value))
            }
            expectCryptoError(.invalidParameter) {
                _ = try BlindRSA.blind(publicKey: pk, message: [1], blindingFactor: SecretBytes(value))
            }
        }
        expectCryptoError(.invalidParameter) {
            _ = try BlindRSA.finalize(
                publicKey: pk, message: run.prepared, blindSignature: run.blindSignature, inverse: SecretBytes(zero))
        }
        expectCryptoError(.invalidParameter) {
            _ = try BlindRSA.blind(publicKey: pk, message: [1], blindingFactor: SecretBytes(zero))
        }
        // A zero signature is in range but never valid; zero and n-1 sign without crashing.
        expectCryptoError(.invalidSignature) {
            try BlindRSA.verify(publicKey: pk, message: run.prepared, signature: zero)
        }
        #expect(try BlindRSA.blindSign(privateKey: key, blindedMessage: zero) == zero)
    }

    // MARK: Keys

    @Test func keySizesBelow2048AreRefused() throws {
        expectCryptoError(.invalidKeyLength) { _ = try BlindRSA.PrivateKey.generate(bits: 1024) }
        expectCryptoError(.invalidKeyLength) { _ = try BlindRSA.PrivateKey.generate(bits: 2047) }
        // A 1024-bit modulus: the top half of the vector modulus (odd, so only the size is wrong).
        let small = Array(Hex.decode(BlindRSAVector.n).prefix(127)) + [0x01]
        expectCryptoError(.invalidKeyLength) { _ = try BlindRSA.PublicKey(modulus: small, publicExponent: [1, 0, 1]) }
        let n = Hex.decode(BlindRSAVector.n)
        expectCryptoError(.invalidParameter) { _ = try BlindRSA.PublicKey(modulus: n, publicExponent: [1, 0, 0]) }
        expectCryptoError(.invalidParameter) { _ = try BlindRSA.PublicKey(modulus: n, publicExponent: [1]) }
    }

    @Test func inconsistentPrivateComponentsAreRefused() throws {
        let p = Hex.decode(BlindRSAVector.p)
        var d = Hex.decode(BlindRSAVector.d)
        d[d.count - 1] ^= 0x02
        expectCryptoError(.invalidParameter) {
            _ = try BlindRSA.PrivateKey(
                modulus: Hex.decode(BlindRSAVector.n), publicExponent: Hex.decode(BlindRSAVector.e),
                privateExponent: SecretBytes(Hex.decode(BlindRSAVector.d)), prime1: SecretBytes(p),
                prime2: SecretBytes(p))
        }
        expectCryptoError(.invalidParameter) {
            _ = try BlindRSA.PrivateKey(
                modulus: Hex.decode(BlindRSAVector.n), publicExponent: Hex.decode(BlindRSAVector.e),
                privateExponent: SecretBytes(d), prime1: SecretBytes(p),
                prime2: SecretBytes(Hex.decode(BlindRSAVector.q)))
        }
    }

    @Test func publicKeyDERAndPEMRoundTrip() throws {
        let pk = try BlindRSAFixtures.freshKey.get().publicKey
        let der = pk.derRepresentation
        #expect(der.first == 0x30)
        #expect(try BlindRSA.PublicKey(derRepresentation: der) == pk)
        let pem = pk.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(pem.hasSuffix("-----END PUBLIC KEY-----\n"))
        #expect(try BlindRSA.PublicKey(pemRepresentation: pem) == pk)
        let vectorPK = try BlindRSAFixtures.vectorKey.get().publicKey
        #expect(try BlindRSA.PublicKey(derRepresentation: vectorPK.derRepresentation).modulus == vectorPK.modulus)
        #expect(vectorPK != pk)
    }

    @Test func privateKeyDERAndPEMRoundTrip() throws {
        let key = try BlindRSAFixtures.freshKey.get()
        let der = try key.derRepresentation
        let imported = try BlindRSA.PrivateKey(derRepresentation: der)
        #expect(imported.publicKey == key.publicKey)
        let fromPEM = try BlindRSA.PrivateKey(pemRepresentation: try key.pemRepresentation)
        #expect(fromPEM.publicKey == key.publicKey)
        // The imported key signs for the original public key.
        let run = try BlindRSAFixtures.freshRun.get()
        #expect(
            try BlindRSA.blindSign(privateKey: imported, blindedMessage: run.blinding.blindedMessage)
                == run.blindSignature)
        // A public key is not a private key.
        expectCryptoError(.invalidParameter) {
            _ = try BlindRSA.PrivateKey(derRepresentation: SecretBytes(key.publicKey.derRepresentation))
        }
    }

    @Test func privateKeyDescriptionIsScrubbed() throws {
        let key = try BlindRSAFixtures.vectorKey.get()
        #expect("\(key)" == "BlindRSA.PrivateKey([scrubbed], 4096 bits)")
    }

    @Test func truncatedOrExtendedDERIsRejected() throws {
        let der = try BlindRSAFixtures.freshKey.get().publicKey.derRepresentation
        for length in 0..<der.count {
            expectCryptoError(.invalidParameter) {
                _ = try BlindRSA.PublicKey(derRepresentation: Array(der.prefix(length)))
            }
        }
        expectCryptoError(.invalidParameter) { _ = try BlindRSA.PublicKey(derRepresentation: der + [0]) }
    }

    @Test func garbageKeyEncodingsAreRejected() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...600)) { bytes in
            expectCryptoError(.invalidParameter) { _ = try BlindRSA.PublicKey(derRepresentation: bytes) }
            expectCryptoError(.invalidParameter) { _ = try BlindRSA.PrivateKey(derRepresentation: SecretBytes(bytes)) }
            expectCryptoError(.invalidParameter) {
                _ = try BlindRSA.PublicKey(pemRepresentation: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
