import SuretyCrypto
import SuretyTestSupport
import Testing

@Suite struct HMACTests {
    // RFC 4231 §4.2 (test case 1), §4.3 (test case 2), §4.7 (test case 6: key larger than a block).
    @Test func hmacSHA256MatchesRFC4231() {
        let case1 = HMAC<SHA256>.authenticationCode(
            for: Array("Hi There".utf8), key: SecretBytes([UInt8](repeating: 0x0b, count: 20)))
        #expect(Hex.encode(case1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")

        let case2 = HMAC<SHA256>.authenticationCode(
            for: Array("what do ya want for nothing?".utf8), key: SecretBytes(Array("Jefe".utf8)))
        #expect(Hex.encode(case2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")

        let case6 = HMAC<SHA256>.authenticationCode(
            for: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            key: SecretBytes([UInt8](repeating: 0xaa, count: 131)))
        #expect(Hex.encode(case6) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    // No published HMAC-BLAKE2b vectors exist (RFC 7693 defines keyed BLAKE2b instead). These were
    // computed once with Python 3 `hmac.new(key, msg, hashlib.blake2b)` (independent code, 128-byte
    // block) using the RFC 4231 case 1 and case 6 inputs; the Noise vectors below also exercise it.
    @Test func hmacBLAKE2bMatchesPythonHmac() {
        let short = HMAC<BLAKE2b512>.authenticationCode(
            for: Array("Hi There".utf8), key: SecretBytes([UInt8](repeating: 0x0b, count: 20)))
        #expect(
            Hex.encode(short)
                == "358a6a184924894fc34bee5680eedf57d84a37bb38832f288e3b27dc63a98cc8"
                + "c91e76da476b508bc6b2d408a248857452906e4a20b48c6b4b55d2df0fe1dd24")
        let longKey = HMAC<BLAKE2b512>.authenticationCode(
            for: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            key: SecretBytes([UInt8](repeating: 0xaa, count: 131)))
        #expect(
            Hex.encode(longKey)
                == "a54b2943b2a20227d41ca46c0945af09bc1faefb2f49894c23aebc557fb79c48"
                + "89dca74408dc865086667aedee4a3185c53a49c80b814c4c5813ea0c8b38a8f8")
    }

    @Test func macValueIsReusableAfterFinalizeAndVerifiesInConstantTime() {
        let key = SecretBytes(Array("Jefe".utf8))
        let message = Array("what do ya want for nothing?".utf8)
        var mac = HMAC<SHA256>(key: key)
        mac.update(message[0..<10])
        mac.update(message[10...])
        let first = mac.finalize()
        mac.update(message)
        #expect(mac.finalize() == first)
        #expect(HMAC<SHA256>.isValidAuthenticationCode(first, for: message, key: key))
        var forged = first
        forged[31] ^= 1
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(forged, for: message, key: key))
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(first.dropLast(), for: message, key: key))
    }
}
