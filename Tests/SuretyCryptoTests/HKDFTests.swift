import SuretyCrypto
import SuretyTestSupport
import Testing

@Suite struct HKDFTests {
    struct Vector: Sendable {
        let ikm: [UInt8]
        let salt: [UInt8]
        let info: [UInt8]
        let length: Int
        let prk: String
        let okm: String
    }

    // RFC 5869 Appendix A.1–A.3 (HKDF-SHA256 test cases 1–3).
    static let vectors: [Vector] = [
        Vector(
            ikm: [UInt8](repeating: 0x0b, count: 22), salt: Array(0x00...0x0c), info: Array(0xf0...0xf9), length: 42,
            prk: "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        Vector(
            ikm: Array(0x00...0x4f), salt: Array(0x60...0xaf), info: Array(0xb0...0xff), length: 82,
            prk: "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            okm: "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
        Vector(
            ikm: [UInt8](repeating: 0x0b, count: 22), salt: [], info: [], length: 42,
            prk: "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
    ]

    @Test(arguments: vectors)
    func hkdfSHA256MatchesRFC5869(_ vector: Vector) throws {
        let prk = HKDF<SHA256>.extract(salt: vector.salt, inputKeyMaterial: SecretBytes(vector.ikm))
        #expect(Hex.encode(prk.unsafeArray()) == vector.prk)
        let okm = try HKDF<SHA256>.expand(pseudoRandomKey: prk, info: vector.info, outputLength: vector.length)
        #expect(Hex.encode(okm.unsafeArray()) == vector.okm)
        let oneCall = try HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SecretBytes(vector.ikm), salt: vector.salt, info: vector.info, outputLength: vector.length
        )
        #expect(oneCall == okm)
    }

    @Test func expandChecksLengths() {
        let prk = SecretBytes([UInt8](repeating: 1, count: 32))
        for length in [0, 255 * 32 + 1] {
            let error = #expect(throws: CryptoError.self) {
                _ = try HKDF<SHA256>.expand(pseudoRandomKey: prk, info: [UInt8](), outputLength: length)
            }
            #expect(error?.code == .invalidParameter)
        }
        #expect(
            (try? HKDF<SHA256>.expand(pseudoRandomKey: prk, info: [UInt8](), outputLength: 255 * 32))?.count == 8160)
        let shortPRK = #expect(throws: CryptoError.self) {
            _ = try HKDF<SHA256>.expand(pseudoRandomKey: SecretBytes([1, 2, 3]), info: [UInt8](), outputLength: 16)
        }
        #expect(shortPRK?.code == .invalidKeyLength)
    }

    // Noise §4.3 defines its HKDF by explicit HMAC chaining; check the helper against that text.
    @Test func noiseHKDFFollowsNoiseSection4_3() throws {
        let chainingKey = SecretBytes((0..<64).map { UInt8($0) })
        let ikm = SecretBytes((0..<32).map { UInt8(100 + $0) })
        let outputs = try HKDF<BLAKE2b512>.noise(chainingKey: chainingKey, inputKeyMaterial: ikm, outputCount: 3)
        let tempKey = SecretBytes(HMAC<BLAKE2b512>.authenticationCode(for: ikm.unsafeArray(), key: chainingKey))
        let output1 = HMAC<BLAKE2b512>.authenticationCode(for: [0x01], key: tempKey)
        let output2 = HMAC<BLAKE2b512>.authenticationCode(for: output1 + [0x02], key: tempKey)
        let output3 = HMAC<BLAKE2b512>.authenticationCode(for: output2 + [0x03], key: tempKey)
        #expect(outputs.map { $0.unsafeArray() } == [output1, output2, output3])

        let two = try HKDF<BLAKE2b512>.noise(chainingKey: chainingKey, inputKeyMaterial: ikm, outputCount: 2)
        #expect(two == Array(outputs.prefix(2)))
        let badCount = #expect(throws: CryptoError.self) {
            _ = try HKDF<BLAKE2b512>.noise(chainingKey: chainingKey, inputKeyMaterial: ikm, outputCount: 4)
        }
        #expect(badCount?.code == .invalidParameter)
    }
}
