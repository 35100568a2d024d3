import PropertyBased
import SuretyCrypto
import Testing

/// Hashed ElGamal, Shamir k-of-m sharing, decryption shares with DLEQ proofs and their combination.
@Suite struct EscrowTests {
    typealias Point = Ristretto255.Point
    typealias Scalar = Ristretto255.Scalar

    /// A 3-of-5 escrow with one ciphertext, shared by most tests.
    struct Fixture {
        let secret = Scalar.random()
        let dealing: EscrowDealing
        let payload = Array("member-handle-42|signature-over-epoch-and-circuit-key".utf8)
        let associatedData = Array("epoch 7".utf8)
        let ciphertext: EscrowCiphertext
        let shares: [DecryptionShare]

        init() throws {
            let dealing = try Shamir.split(secret, threshold: 3, shareCount: 5)
            let ciphertext = try EscrowCiphertext.encrypt(
                payload, to: dealing.groupKey.publicKey, associatedData: associatedData)
            self.dealing = dealing
            self.ciphertext = ciphertext
            shares = try dealing.shares.map { try $0.decryptionShare(for: ciphertext) }
        }

        func verified(_ indices: [Int]) throws -> [VerifiedDecryptionShare] {
            try indices.map { try shares[$0 - 1].verify(groupKey: dealing.groupKey, ciphertext: ciphertext) }
        }
    }

    /// All `size`-element subsets of `elements`, in lexicographic order.
    static func subsets(of elements: [Int], size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard elements.count >= size, let first = elements.first else { return [] }
        let rest = Array(elements.dropFirst())
        return subsets(of: rest, size: size - 1).map { [first] + $0 } + subsets(of: rest, size: size)
    }

    // MARK: Hashed ElGamal

    @Test func decryptsWithTheFullSecret() throws {
        let fixture = try Fixture()
        #expect(fixture.dealing.groupKey.publicKey == (try Point(generatorMultiple: fixture.secret)))
        let opened = try fixture.ciphertext.decrypt(
            secretKey: fixture.secret, associatedData: fixture.associatedData)
        #expect(opened.unsafeArray() == fixture.payload)
        #expect(fixture.ciphertext.serialized.count == fixture.payload.count + EscrowCiphertext.overhead)
    }

    @Test func serializedFormRoundTrips() throws {
        let fixture = try Fixture()
        let parsed = try EscrowCiphertext(serialized: fixture.ciphertext.serialized)
        #expect(parsed == fixture.ciphertext)
        #expect(
            try parsed.decrypt(secretKey: fixture.secret, associatedData: fixture.associatedData).unsafeArray()
                == fixture.payload)
    }

    @Test func emptyPayloadRoundTrips() throws {
        let secret = Scalar.random()
        let ciphertext = try EscrowCiphertext.encrypt([], to: Point(generatorMultiple: secret))
        #expect(ciphertext.serialized.count == EscrowCiphertext.overhead)
        #expect(try ciphertext.decrypt(secretKey: secret).count == 0)
    }

    @Test func secretPayloadRoundTrips() throws {
        let secret = Scalar.random()
        let payload = SecretBytes.random(count: 100)
        let ciphertext = try EscrowCiphertext.encrypt(payload, to: Point(generatorMultiple: secret))
        #expect(try ciphertext.decrypt(secretKey: secret) == payload)
    }

    @Test func shortOrMalformedCiphertextsAreRejected() throws {
        let fixture = try Fixture()
        for count in [0, 1, 31, 32, EscrowCiphertext.overhead - 1] {
            let error = #expect(throws: CryptoError.self) {
                try EscrowCiphertext(serialized: fixture.ciphertext.serialized.prefix(count))
            }
            #expect(error?.code == .invalidLength, "\(count) bytes")
        }
        let zeroR = [UInt8](repeating: 0, count: 32) + fixture.ciphertext.sealedPayload
        #expect((#expect(throws: CryptoError.self) { try EscrowCiphertext(serialized: zeroR) })?.code == .identityPoint)
        let badR = [UInt8](repeating: 0xff, count: 32) + fixture.ciphertext.sealedPayload
        #expect((#expect(throws: CryptoError.self) { try EscrowCiphertext(serialized: badR) })?.code == .invalidPoint)
    }

    @Test func wrongKeyOrAssociatedDataFailsAuthentication() throws {
        let fixture = try Fixture()
        let wrongKey = #expect(throws: CryptoError.self) {
            try fixture.ciphertext.decrypt(secretKey: .random(), associatedData: fixture.associatedData)
        }
        #expect(wrongKey?.code == .authenticationFailed)
        let wrongData = #expect(throws: CryptoError.self) {
            try fixture.ciphertext.decrypt(secretKey: fixture.secret, associatedData: Array("epoch 8".utf8))
        }
        #expect(wrongData?.code == .authenticationFailed)
    }

    @Test func encryptionIsRandomised() throws {
        let fixture = try Fixture()
        let again = try EscrowCiphertext.encrypt(
            fixture.payload, to: fixture.dealing.groupKey.publicKey, associatedData: fixture.associatedData)
        #expect(again.ephemeralKey != fixture.ciphertext.ephemeralKey)
        #expect(again.sealedPayload != fixture.ciphertext.sealedPayload)
    }

    // MARK: Shamir

    @Test func dealingPublishesConsistentKeys() throws {
        let fixture = try Fixture()
        let groupKey = fixture.dealing.groupKey
        #expect(groupKey.threshold == 3)
        #expect(groupKey.adminCount == 5)
        #expect(fixture.dealing.shares.map(\.index) == [1, 2, 3, 4, 5])
        for share in fixture.dealing.shares {
            #expect(groupKey.verificationKey(for: share.index) == (try share.verificationKey()))
        }
        #expect(groupKey.verificationKey(for: 0) == nil)
        #expect(groupKey.verificationKey(for: 6) == nil)
        // Re-validating the published keys succeeds …
        let reparsed = try EscrowGroupKey(
            publicKey: groupKey.publicKey, threshold: 3, verificationKeys: groupKey.verificationKeys)
        #expect(reparsed == groupKey)
        // … and a swapped verification key or public key is caught.
        var swapped = groupKey.verificationKeys
        swapped.swapAt(1, 4)
        let badKeys = #expect(throws: CryptoError.self) {
            try EscrowGroupKey(publicKey: groupKey.publicKey, threshold: 3, verificationKeys: swapped)
        }
        #expect(badKeys?.code == .invalidParameter)
        let badPublic = #expect(throws: CryptoError.self) {
            try EscrowGroupKey(
                publicKey: Point.generator, threshold: 3, verificationKeys: groupKey.verificationKeys)
        }
        #expect(badPublic?.code == .invalidParameter)
    }

    @Test func everyThresholdSubsetRecoversTheSecret() throws {
        let fixture = try Fixture()
        for subset in Self.subsets(of: [1, 2, 3, 4, 5], size: 3) {
            let shares = subset.map { fixture.dealing.shares[$0 - 1] }
            #expect(try Shamir.recover(shares, threshold: 3) == fixture.secret, "subset \(subset)")
        }
        let tooFew = #expect(throws: CryptoError.self) {
            try Shamir.recover(Array(fixture.dealing.shares.prefix(2)), threshold: 3)
        }
        #expect(tooFew?.code == .insufficientShares)
    }

    @Test func invalidSharingParametersAreRejected() throws {
        for (threshold, count) in [(0, 5), (6, 5), (1, 0), (2, 256)] {
            let error = #expect(throws: CryptoError.self) {
                try Shamir.deal(threshold: threshold, shareCount: count)
            }
            #expect(error?.code == .invalidParameter, "\(threshold)-of-\(count)")
        }
        let zeroSecret = #expect(throws: CryptoError.self) { try Shamir.split(.zero, threshold: 2, shareCount: 3) }
        #expect(zeroSecret?.code == .identityPoint)
    }

    @Test func oneOfOneSharingIsTheSecretItself() throws {
        let secret = Scalar.random()
        let dealing = try Shamir.split(secret, threshold: 1, shareCount: 1)
        #expect(dealing.shares[0].secret == secret)
    }

    // MARK: Decryption shares

    @Test func everyThresholdSubsetOfA3Of5SplitDecrypts() throws {
        let fixture = try Fixture()
        for size in 3...5 {
            for subset in Self.subsets(of: [1, 2, 3, 4, 5], size: size) {
                let combined = try DecryptionShare.combine(shares: fixture.verified(subset), threshold: 3)
                #expect(combined == (try fixture.ciphertext.ephemeralKey.multiplied(by: fixture.secret)))
                let opened = try fixture.ciphertext.decrypt(
                    sharedPoint: combined, associatedData: fixture.associatedData)
                #expect(opened.unsafeArray() == fixture.payload, "subset \(subset)")
            }
        }
    }

    @Test func sharesRoundTripThroughTheirEncoding() throws {
        let fixture = try Fixture()
        for share in fixture.shares {
            #expect(share.encoded.count == DecryptionShare.byteCount)
            #expect(share.encoded[0] == share.adminIndex)
            #expect(try DecryptionShare(encoded: share.encoded) == share)
        }
    }

    @Test func thresholdMinusOneSharesFail() throws {
        let fixture = try Fixture()
        for subset in Self.subsets(of: [1, 2, 3, 4, 5], size: 2) {
            let error = #expect(throws: CryptoError.self) {
                try DecryptionShare.combine(shares: fixture.verified(subset), threshold: 3)
            }
            #expect(error?.code == .insufficientShares)
        }
        let none = #expect(throws: CryptoError.self) { try DecryptionShare.combine(shares: [], threshold: 3) }
        #expect(none?.code == .insufficientShares)
    }

    @Test func duplicateIndicesFail() throws {
        let fixture = try Fixture()
        // Three shares but only two admins: must not count as a quorum.
        let error = #expect(throws: CryptoError.self) {
            try DecryptionShare.combine(shares: fixture.verified([2, 4, 2]), threshold: 3)
        }
        #expect(error?.code == .invalidShare)
        #expect(error?.message.contains("admin 2") == true)
    }

    @Test func aBadShareIsRejectedAndNamesItsAdmin() throws {
        let fixture = try Fixture()
        let honest = fixture.shares[1]  // admin 2
        // Admin 2 sends a random point with a proof recycled from admin 3.
        let forged = try DecryptionShare(
            adminIndex: 2, sharePoint: Point(generatorMultiple: .random()), proof: fixture.shares[2].proof)
        let error = #expect(throws: CryptoError.self) {
            try forged.verify(groupKey: fixture.dealing.groupKey, ciphertext: fixture.ciphertext)
        }
        #expect(error?.code == .invalidProof)
        #expect(error?.message.contains("admin 2") == true)
        // Admin 3's honest share relabelled as admin 2's does not verify against Y_2 either.
        let relabelled = try DecryptionShare(
            adminIndex: 2, sharePoint: fixture.shares[2].sharePoint, proof: fixture.shares[2].proof)
        #expect(throws: CryptoError.self) {
            try relabelled.verify(groupKey: fixture.dealing.groupKey, ciphertext: fixture.ciphertext)
        }
        // An honest share for another ciphertext does not verify for this one.
        let other = try EscrowCiphertext.encrypt([1, 2, 3], to: fixture.dealing.groupKey.publicKey)
        let wrongCiphertext = #expect(throws: CryptoError.self) {
            try honest.verify(groupKey: fixture.dealing.groupKey, ciphertext: other)
        }
        #expect(wrongCiphertext?.code == .invalidProof)
        #expect(wrongCiphertext?.message.contains("admin 2") == true)
        // An index with no admin behind it.
        let stranger = try DecryptionShare(adminIndex: 9, sharePoint: honest.sharePoint, proof: honest.proof)
        let unknown = #expect(throws: CryptoError.self) {
            try stranger.verify(groupKey: fixture.dealing.groupKey, ciphertext: fixture.ciphertext)
        }
        #expect(unknown?.code == .invalidShare)
        #expect(unknown?.message.contains("admin 9") == true)
    }

    @Test func sharesForDifferentCiphertextsDoNotCombine() throws {
        let fixture = try Fixture()
        let other = try EscrowCiphertext.encrypt([1, 2, 3], to: fixture.dealing.groupKey.publicKey)
        let foreign = try fixture.dealing.shares[4].decryptionShare(for: other)
            .verify(groupKey: fixture.dealing.groupKey, ciphertext: other)
        let error = #expect(throws: CryptoError.self) {
            try DecryptionShare.combine(shares: fixture.verified([1, 2]) + [foreign], threshold: 3)
        }
        #expect(error?.code == .invalidShare)
        #expect(error?.message.contains("admin 5") == true)
    }

    @Test func malformedShareEncodingsAreRejected() throws {
        let fixture = try Fixture()
        let good = fixture.shares[3].encoded  // admin 4
        func code(_ bytes: [UInt8]) -> CryptoError.Code? {
            (#expect(throws: CryptoError.self) { try DecryptionShare(encoded: bytes) })?.code
        }
        #expect(code(Array(good.dropLast())) == .invalidLength)
        #expect(code(good + [0]) == .invalidLength)
        #expect(code([0] + good.dropFirst()) == .invalidShare)
        // D_i: all-zero (identity) and not a valid encoding.
        #expect(code([4] + [UInt8](repeating: 0, count: 32) + good[33...]) == .identityPoint)
        #expect(code([4] + [UInt8](repeating: 0xff, count: 32) + good[33...]) == .invalidPoint)
        // c, then s, replaced by ℓ (non-canonical).
        let order = Self.groupOrderBytes
        #expect(code(Array(good[0..<33]) + order + good[65...]) == .invalidScalar)
        #expect(code(Array(good[0..<65]) + order) == .invalidScalar)
        let named = #expect(throws: CryptoError.self) {
            try DecryptionShare(encoded: Array(good[0..<65]) + order)
        }
        #expect(named?.message.contains("admin 4") == true)
    }

    static let groupOrderBytes: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ]

    // MARK: Properties: any single-bit flip is rejected

    @Test func anyBitFlipInTheCiphertextBodyIsRejected() async throws {
        let fixture = try Fixture()
        let combined = try DecryptionShare.combine(shares: fixture.verified([1, 3, 5]), threshold: 3)
        let serialized = fixture.ciphertext.serialized
        let bodyBits = (serialized.count - 32) * 8
        await propertyCheck(count: 200, input: Gen.int(in: 0..<bodyBits)) { bit in
            var tampered = serialized
            tampered[32 + bit / 8] ^= UInt8(1) << (bit % 8)
            let parsed = try EscrowCiphertext(serialized: tampered)
            #expect(throws: CryptoError.self) {
                try parsed.decrypt(secretKey: fixture.secret, associatedData: fixture.associatedData)
            }
            #expect(throws: CryptoError.self) {
                try parsed.decrypt(sharedPoint: combined, associatedData: fixture.associatedData)
            }
        }
    }

    @Test func anyBitFlipInTheEphemeralKeyIsRejected() async throws {
        let fixture = try Fixture()
        let serialized = fixture.ciphertext.serialized
        await propertyCheck(count: 256, input: Gen.int(in: 0..<256)) { bit in
            var tampered = serialized
            tampered[bit / 8] ^= UInt8(1) << (bit % 8)
            // Either R no longer decodes, or it decodes to another element and nothing opens.
            #expect(throws: CryptoError.self) {
                let parsed = try EscrowCiphertext(serialized: tampered)
                _ = try parsed.decrypt(secretKey: fixture.secret, associatedData: fixture.associatedData)
            }
            if let parsed = try? EscrowCiphertext(serialized: tampered) {
                // The admins' existing shares are bound to the original R.
                #expect(throws: CryptoError.self) {
                    try fixture.shares[0].verify(groupKey: fixture.dealing.groupKey, ciphertext: parsed)
                }
            }
        }
    }

    @Test func anyBitFlipInADecryptionShareIsRejected() async throws {
        let fixture = try Fixture()
        let encoded = fixture.shares[2].encoded  // admin 3
        #expect(
            try DecryptionShare(encoded: encoded).verify(
                groupKey: fixture.dealing.groupKey, ciphertext: fixture.ciphertext
            ).adminIndex == 3)
        // Covers the index byte, D_i (bits 8…263), c (264…519) and s (520…775).
        await propertyCheck(count: 400, input: Gen.int(in: 0..<(DecryptionShare.byteCount * 8))) { bit in
            var tampered = encoded
            tampered[bit / 8] ^= UInt8(1) << (bit % 8)
            #expect(throws: CryptoError.self) {
                try DecryptionShare(encoded: tampered)
                    .verify(groupKey: fixture.dealing.groupKey, ciphertext: fixture.ciphertext)
            }
        }
    }
}
