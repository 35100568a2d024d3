import SuretyCrypto
import Testing

@Suite struct RunningDigestTests {
    /// Expected tags: the first 8 bytes of keyed BLAKE2b with 16-byte output (RFC 7693), key 00..1f,
    /// computed independently with Python's `hashlib.blake2b(data, key=key, digest_size=16)`.
    @Test func matchesKeyedBlake2bPrefix() throws {
        let digest = try RunningDigest(key: SecretBytes((0..<32).map { UInt8($0) }))
        #expect(digest.currentTag() == 0x3daf_97bc_e788_8fd5)
        let abc = Array("abc".utf8)
        // Peeking does not commit.
        #expect(abc.withUnsafeBytes { digest.tag(afterAbsorbing: $0) } == 0x1a64_be47_e472_9d95)
        #expect(digest.currentTag() == 0x3daf_97bc_e788_8fd5)
        abc.withUnsafeBytes { digest.absorb($0) }
        #expect(digest.currentTag() == 0x1a64_be47_e472_9d95)
        let def = Array("def".utf8)
        def.withUnsafeBytes { digest.absorb($0) }
        #expect(digest.currentTag() == 0x9354_937c_2934_ef80)
    }

    @Test func commitLastTagEqualsAbsorb() throws {
        let key = SecretBytes.random(count: 32)
        let a = try RunningDigest(key: key)
        let b = try RunningDigest(key: key)
        for chunk in [[UInt8](repeating: 1, count: 1019), [2, 3], []] {
            _ = chunk.withUnsafeBytes { a.tag(afterAbsorbing: $0) }
            a.commitLastTag()
            chunk.withUnsafeBytes { b.absorb($0) }
            #expect(a.currentTag() == b.currentTag())
        }
    }

    @Test func rejectsBadKeyLength() {
        #expect(throws: CryptoError.self) { try RunningDigest(key: SecretBytes([1, 2, 3])) }
        #expect(throws: CryptoError.self) { try RunningDigest(key: SecretBytes([UInt8](repeating: 0, count: 65))) }
    }

    @Test func differentKeysDiffer() throws {
        let a = try RunningDigest(key: .random(count: 32))
        let b = try RunningDigest(key: .random(count: 32))
        #expect(a.currentTag() != b.currentTag())
    }
}
