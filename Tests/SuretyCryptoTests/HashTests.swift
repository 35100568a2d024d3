import SuretyCrypto
import SuretyTestSupport
import Testing

@Suite struct HashTests {
    // RFC 7693 Appendix A: BLAKE2b-512("abc").
    @Test func blake2b512MatchesRFC7693AppendixA() throws {
        let expected =
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        #expect(Hex.encode(BLAKE2b512.hash(Array("abc".utf8))) == expected)
        #expect(try Hex.encode(BLAKE2b.hash(Array("abc".utf8))) == expected)
        var hasher = BLAKE2b512()
        hasher.update(Array("a".utf8))
        hasher.update(Array("bc".utf8))
        #expect(Hex.encode(hasher.finalize()) == expected)
    }

    // BLAKE2 reference test vectors, testvectors/blake2b-kat.txt, first two entries:
    // key = 00 01 … 3f (64 bytes), in = "" and in = 00.
    @Test func keyedBlake2bMatchesReferenceKAT() throws {
        let key = SecretBytes(Array(0..<64))
        let empty = try BLAKE2b.hash([UInt8](), outputLength: 64, key: key)
        #expect(
            Hex.encode(empty)
                == "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
                + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")
        let oneByte = try BLAKE2b.hash([0x00], outputLength: 64, key: key)
        #expect(
            Hex.encode(oneByte)
                == "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4"
                + "187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd")
    }

    // Cross-checked once against Python 3 `hashlib.blake2b(b"abc", digest_size=32, key=bytes(range(16)))`.
    @Test func keyedBlake2bWithShortOutput() throws {
        let digest = try BLAKE2b.hash(Array("abc".utf8), outputLength: 32, key: SecretBytes(Array(0..<16)))
        #expect(Hex.encode(digest) == "3fd8fd31501cdbe942607b204368e3dc4ebce5744de1a955a6025f5c9848bb20")
    }

    @Test func blake2bRejectsBadLengths() {
        for length in [0, 15, 65] {
            let error = #expect(throws: CryptoError.self) {
                _ = try BLAKE2b.hash([1, 2, 3], outputLength: length)
            }
            #expect(error?.code == .invalidParameter)
        }
        let error = #expect(throws: CryptoError.self) {
            _ = try BLAKE2b.hash([1], key: SecretBytes([UInt8](repeating: 7, count: 65)))
        }
        #expect(error?.code == .invalidKeyLength)
    }

    // FIPS 180-2 Appendix B.1 / C.1: SHA-256("abc") and SHA-512("abc").
    @Test func sha2MatchesFIPS180Examples() {
        #expect(
            Hex.encode(SHA256.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Hex.encode(SHA512.hash(Array("abc".utf8)))
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
    }

    @Test func incrementalHashingMatchesOneShotAndCopiesAreIndependent() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        func check<H: HashFunction>(_: H.Type) {
            var hasher = H()
            hasher.update(message[0..<300])
            var copy = hasher
            hasher.update(message[300...])
            #expect(hasher.finalize() == H.hash(message))
            // The copy still holds only the first 300 bytes.
            #expect(copy.finalize() == H.hash(Array(message[0..<300])))
            // finalize resets to a fresh state.
            hasher.update(message)
            #expect(hasher.finalize() == H.hash(message))
            #expect(H.hash(message).count == H.digestLength)
        }
        check(BLAKE2b512.self)
        check(SHA256.self)
        check(SHA512.self)
        #expect(BLAKE2b512.blockLength == 128 && SHA256.blockLength == 64 && SHA512.blockLength == 128)
    }

    // Pins the documented construction. Values computed once with Python 3:
    // hashlib.blake2b(context, digest_size=L, key=bytes(range(32)), person=b"SuretyKDF-v1").
    @Test func deriveKeyMatchesDocumentedConstruction() throws {
        let master = SecretBytes(Array(0..<32))
        let key32 = try BLAKE2b.deriveKey(from: master, context: "surety test context", length: 32)
        #expect(Hex.encode(key32.unsafeArray()) == "146de006e6dec52da8bb13ed9aeb55279c0c9ba8f70f7eadf6fe0032b7a00422")
        let key64 = try BLAKE2b.deriveKey(from: master, context: "surety test context", length: 64)
        #expect(
            Hex.encode(key64.unsafeArray())
                == "91c679dda62f90af7f0c1d2f45d78d56300cadf9c32486a9ed64b8c1abc34dfb"
                + "f230fca17bd7b68d057ba8a07c96b891172635d693fa3c9f75eeb494cc20d9e1")
        let other = try BLAKE2b.deriveKey(from: master, context: "surety test context 2")
        #expect(Hex.encode(other.unsafeArray()) == "d8ef7b7ac418a229a0c40187ca4fb7218acecfae24178164d25de979f024369d")
    }

    @Test func deriveKeyRejectsBadArguments() {
        let master = SecretBytes(Array(0..<32))
        let shortKey = #expect(throws: CryptoError.self) {
            _ = try BLAKE2b.deriveKey(from: SecretBytes(Array(0..<15)), context: "x")
        }
        #expect(shortKey?.code == .invalidKeyLength)
        let emptyContext = #expect(throws: CryptoError.self) {
            _ = try BLAKE2b.deriveKey(from: master, context: "")
        }
        #expect(emptyContext?.code == .invalidParameter)
        let longOutput = #expect(throws: CryptoError.self) {
            _ = try BLAKE2b.deriveKey(from: master, context: "x", length: 65)
        }
        #expect(longOutput?.code == .invalidParameter)
    }
}
