import SuretyCrypto
import Testing

@Suite struct SecretBytesTests {
    @Test func equalityIsByValue() {
        let a = SecretBytes([1, 2, 3])
        let b = SecretBytes([1, 2, 3])
        let c = SecretBytes([1, 2, 4])
        #expect(a == b)
        #expect(a != c)
        #expect(a != SecretBytes([1, 2]))
    }

    @Test func descriptionIsScrubbed() {
        let secret = SecretBytes([0xde, 0xad, 0xbe, 0xef])
        #expect(!"\(secret)".contains("de"))
        #expect("\(secret)".contains("scrubbed"))
    }

    @Test func randomBytesDiffer() {
        #expect(SecretBytes.random(count: 32) != SecretBytes.random(count: 32))
        #expect(SecureRandom.bytes(count: 16).count == 16)
    }
}
