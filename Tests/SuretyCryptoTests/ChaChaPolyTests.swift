import PropertyBased
import SuretyCrypto
import SuretyTestSupport
import Testing

@Suite struct ChaChaPolyTests {
    // RFC 8439 §2.8.2: AEAD_CHACHA20_POLY1305 test vector.
    static let key = SecretBytes(Array(0x80...0x9f))
    static let nonce = Hex.decode("070000004041424344454647")
    static let associatedData = Hex.decode("50515253c0c1c2c3c4c5c6c7")
    static let plaintext = Array(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
            .utf8)
    static let ciphertext = Hex.decode(
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b6116")
    static let tag = Hex.decode("1ae10b594f09e26a7e902ecbd0600691")

    @Test func sealMatchesRFC8439Section2_8_2() throws {
        let sealed = try ChaChaPoly.seal(
            Self.plaintext, key: Self.key, nonce: Self.nonce, authenticating: Self.associatedData)
        #expect(sealed == Self.ciphertext + Self.tag)
        let opened = try ChaChaPoly.open(sealed, key: Self.key, nonce: Self.nonce, authenticating: Self.associatedData)
        #expect(opened == Self.plaintext)

        let (detached, detachedTag) = try ChaChaPoly.sealDetached(
            Self.plaintext, key: Self.key, nonce: Self.nonce, authenticating: Self.associatedData)
        #expect(detached == Self.ciphertext && detachedTag == Self.tag)
        let openedDetached = try ChaChaPoly.openDetached(
            ciphertext: Self.ciphertext, tag: Self.tag, key: Self.key, nonce: Self.nonce,
            authenticating: Self.associatedData)
        #expect(openedDetached == Self.plaintext)
    }

    @Test func inPlaceMatchesRFC8439Section2_8_2() throws {
        var buffer = Self.plaintext + [UInt8](repeating: 0xee, count: 16 + 5)
        let length = try buffer.withUnsafeMutableBytes { bytes in
            try Self.nonce.withUnsafeBytes { nonce in
                try Self.associatedData.withUnsafeBytes { ad in
                    try ChaChaPoly.sealInPlace(
                        bytes, plaintextLength: Self.plaintext.count, key: Self.key, nonce: nonce, authenticating: ad)
                }
            }
        }
        #expect(length == Self.plaintext.count + 16)
        #expect(Array(buffer[0..<length]) == Self.ciphertext + Self.tag)
        #expect(buffer[length...].allSatisfy { $0 == 0xee })

        let opened = try buffer.withUnsafeMutableBytes { bytes in
            try Self.nonce.withUnsafeBytes { nonce in
                try Self.associatedData.withUnsafeBytes { ad in
                    try ChaChaPoly.openInPlace(
                        UnsafeMutableRawBufferPointer(rebasing: bytes[0..<length]), key: Self.key, nonce: nonce,
                        authenticating: ad)
                }
            }
        }
        #expect(Array(buffer[0..<opened]) == Self.plaintext)

        var detached = Self.plaintext
        var tag = [UInt8](repeating: 0, count: 16)
        try detached.withUnsafeMutableBytes { bytes in
            try tag.withUnsafeMutableBytes { tagBytes in
                try Self.nonce.withUnsafeBytes { nonce in
                    try Self.associatedData.withUnsafeBytes { ad in
                        try ChaChaPoly.sealInPlace(
                            bytes, tag: tagBytes, key: Self.key, nonce: nonce, authenticating: ad)
                    }
                }
            }
        }
        #expect(detached == Self.ciphertext && tag == Self.tag)
        try detached.withUnsafeMutableBytes { bytes in
            try tag.withUnsafeBytes { tagBytes in
                try Self.nonce.withUnsafeBytes { nonce in
                    try Self.associatedData.withUnsafeBytes { ad in
                        try ChaChaPoly.openInPlace(
                            bytes, tag: tagBytes, key: Self.key, nonce: nonce, authenticating: ad)
                    }
                }
            }
        }
        #expect(detached == Self.plaintext)
    }

    // Every single-bit flip of the RFC 8439 ciphertext and tag, and of the associated data, is refused.
    @Test func everySingleBitFlipIsRejected() {
        let sealed = Self.ciphertext + Self.tag
        var accepted = 0
        var otherErrors = 0
        for bit in 0..<(sealed.count * 8) {
            var tampered = sealed
            tampered[bit / 8] ^= 1 << (bit % 8)
            do {
                _ = try ChaChaPoly.open(tampered, key: Self.key, nonce: Self.nonce, authenticating: Self.associatedData)
                accepted += 1
            } catch let error as CryptoError where error.code == .authenticationFailed {
            } catch {
                otherErrors += 1
            }
        }
        for bit in 0..<(Self.associatedData.count * 8) {
            var tampered = Self.associatedData
            tampered[bit / 8] ^= 1 << (bit % 8)
            if (try? ChaChaPoly.open(sealed, key: Self.key, nonce: Self.nonce, authenticating: tampered)) != nil {
                accepted += 1
            }
        }
        #expect(accepted == 0)
        #expect(otherErrors == 0)
    }

    @Test func wrongLengthsThrow() throws {
        let shortKey = #expect(throws: CryptoError.self) {
            _ = try ChaChaPoly.seal([1], key: SecretBytes([UInt8](repeating: 1, count: 31)), nonce: Self.nonce)
        }
        #expect(shortKey?.code == .invalidKeyLength)
        let longNonce = #expect(throws: CryptoError.self) {
            _ = try ChaChaPoly.seal([1], key: Self.key, nonce: Self.nonce + [0])
        }
        #expect(longNonce?.code == .invalidLength)
        let truncated = #expect(throws: CryptoError.self) {
            _ = try ChaChaPoly.open(Self.tag.dropLast(), key: Self.key, nonce: Self.nonce)
        }
        #expect(truncated?.code == .invalidLength)
        let shortTag = #expect(throws: CryptoError.self) {
            _ = try ChaChaPoly.openDetached(
                ciphertext: Self.ciphertext, tag: Self.tag.dropLast(), key: Self.key, nonce: Self.nonce)
        }
        #expect(shortTag?.code == .invalidLength)
        var small = [UInt8](repeating: 0, count: 20)
        let noRoom = #expect(throws: CryptoError.self) {
            try small.withUnsafeMutableBytes { bytes in
                try Self.nonce.withUnsafeBytes { nonce in
                    _ = try ChaChaPoly.sealInPlace(
                        bytes, plaintextLength: 5, key: Self.key, nonce: nonce,
                        authenticating: UnsafeRawBufferPointer(start: nil, count: 0))
                }
            }
        }
        #expect(noRoom?.code == .invalidLength)
        // An empty plaintext still gets a tag, and opens to empty.
        let emptySealed = try ChaChaPoly.seal([UInt8](), key: Self.key, nonce: Self.nonce)
        #expect(emptySealed.count == 16)
        #expect(try ChaChaPoly.open(emptySealed, key: Self.key, nonce: Self.nonce).isEmpty)
    }

    @Test func roundTripsAndBindsKeyNonceAndData() async {
        let key = SecretBytes.random(count: 32)
        let otherKey = SecretBytes.random(count: 32)
        await propertyCheck(
            count: 200, input: Gen.uint8().array(of: 0...2048), Gen.uint8().array(of: 0...64),
            Gen.uint8().array(of: 12)
        ) { plaintext, associatedData, nonce in
            let sealed = try ChaChaPoly.seal(plaintext, key: key, nonce: nonce, authenticating: associatedData)
            #expect(sealed.count == plaintext.count + 16)
            #expect(try ChaChaPoly.open(sealed, key: key, nonce: nonce, authenticating: associatedData) == plaintext)
            #expect((try? ChaChaPoly.open(sealed, key: otherKey, nonce: nonce, authenticating: associatedData)) == nil)
            var otherNonce = nonce
            otherNonce[0] ^= 0x80
            #expect((try? ChaChaPoly.open(sealed, key: key, nonce: otherNonce, authenticating: associatedData)) == nil)
            #expect((try? ChaChaPoly.open(sealed, key: key, nonce: nonce, authenticating: associatedData + [0])) == nil)
        }
    }
}
