import PropertyBased
import SuretyCrypto
import SuretyTestSupport
import Testing

@Suite struct StreamCipherTests {
    /// RFC 8439 §2.4.2 (ChaCha20 encryption, "sunscreen" plaintext, counter 1).
    @Test func chacha20Rfc8439() throws {
        let cipher = try ChaCha20(key: SecretBytes((0..<32).map { UInt8($0) }))
        let plaintext = Array(
            ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").utf8)
        let expected =
            "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b357"
            + "1639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
            + "5af90bbf74a35be6b40b8eedf2785e42874d"
        let nonce = Hex.decode("000000000000004a00000000")
        let ciphertext = try cipher.apply(to: plaintext, nonce: nonce, counter: 1)
        #expect(Hex.encode(ciphertext) == expected)
        #expect(try cipher.apply(to: ciphertext, nonce: nonce, counter: 1) == plaintext)
    }

    /// NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), blocks 1–2.
    @Test func aes128CtrSp80038a() throws {
        let cipher = try AESCTR(key: SecretBytes(Hex.decode("2b7e151628aed2a6abf7158809cf4f3c")))
        let iv = Hex.decode("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
        let plaintext = Hex.decode("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")
        let ciphertext = try cipher.apply(to: plaintext, iv: iv)
        #expect(Hex.encode(ciphertext) == "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff")
        #expect(try cipher.apply(to: ciphertext, iv: iv) == plaintext)
    }

    /// The continuing keystream equals one long CTR encryption split at arbitrary (non-block) offsets.
    @Test func aesContinuingMatchesOneShot() throws {
        let key = SecretBytes.random(count: 16)
        let whole = try AESCTR(key: key).apply(
            to: [UInt8](repeating: 0, count: 3 * 1019), iv: [UInt8](repeating: 0, count: 16))
        let stream = try AESCTR(key: key)
        var pieces: [UInt8] = []
        for _ in 0..<3 {
            pieces += try stream.applyContinuing(to: [UInt8](repeating: 0, count: 1019))
        }
        #expect(pieces == whole)
    }

    @Test func counterNonceLayout() {
        #expect(ChaCha20.counterNonce(0x0102_0304_0506_0708) == [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func badLengthsThrow() throws {
        #expect(throws: CryptoError.self) { try ChaCha20(key: SecretBytes([1])) }
        #expect(throws: CryptoError.self) { try AESCTR(key: SecretBytes([UInt8](repeating: 0, count: 24))) }
        let cipher = try ChaCha20(key: .random(count: 32))
        #expect(throws: CryptoError.self) { try cipher.apply(to: [1, 2], nonce: [0, 0]) }
        let aes = try AESCTR(key: .random(count: 16))
        #expect(throws: CryptoError.self) { try aes.apply(to: [1, 2], iv: [0]) }
    }

    /// A start counter that would run the 32-bit block counter past 2^32 throws instead of letting
    /// libsodium abort the process; the array form reports it too instead of returning plaintext.
    @Test func chacha20CounterWrapThrows() throws {
        let cipher = try ChaCha20(key: .random(count: 32))
        let nonce = ChaCha20.counterNonce(0)
        // Exactly the last block is fine.
        #expect(try cipher.apply(to: [UInt8](repeating: 0, count: 64), nonce: nonce, counter: .max).count == 64)
        let error = #expect(throws: CryptoError.self) {
            _ = try cipher.apply(to: [UInt8](repeating: 0, count: 65), nonce: nonce, counter: .max)
        }
        #expect(error?.code == .messageTooLong)
        var buffer = [UInt8](repeating: 0, count: 128)
        let inPlace = #expect(throws: CryptoError.self) {
            try buffer.withUnsafeMutableBytes { buf in
                try nonce.withUnsafeBytes { try cipher.apply(to: buf, nonce: $0, counter: .max) }
            }
        }
        #expect(inPlace?.code == .messageTooLong)
    }

    @Test func roundTripAnyLength() async throws {
        let chacha = try ChaCha20(key: .random(count: 32))
        let aes = try AESCTR(key: .random(count: 32))
        await propertyCheck(count: 100, input: Gen.uint8().array(of: 0...3000), Gen.uint64()) { data, counter in
            let nonce = ChaCha20.counterNonce(counter)
            let once = try! chacha.apply(to: data, nonce: nonce)
            #expect(try! chacha.apply(to: once, nonce: nonce) == data)
            let iv = nonce + [0, 0, 0, 0]
            let viaAES = try! aes.apply(to: data, iv: iv)
            #expect(try! aes.apply(to: viaAES, iv: iv) == data)
            if data.count >= 16 { #expect(once != data && viaAES != data) }
        }
    }
}
