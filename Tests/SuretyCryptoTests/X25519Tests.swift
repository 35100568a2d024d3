import SuretyCrypto
import SuretyTestSupport
import Testing

@Suite struct X25519Tests {
    private func privateKey(_ hex: String) throws -> X25519.PrivateKey {
        try X25519.PrivateKey(rawRepresentation: SecretBytes(Hex.decode(hex)))
    }

    private func publicKey(_ hex: String) throws -> X25519.PublicKey {
        try X25519.PublicKey(rawRepresentation: Hex.decode(hex))
    }

    // RFC 7748 §5.2, the two scalar / u-coordinate test vectors. The second u has its top bit set,
    // which X25519 must ignore.
    @Test func scalarMultiplicationMatchesRFC7748Section5_2() throws {
        let first = try privateKey("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
            .sharedSecret(with: publicKey("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
        #expect(Hex.encode(first.unsafeArray()) == "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")
        let second = try privateKey("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d")
            .sharedSecret(with: publicKey("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
        #expect(Hex.encode(second.unsafeArray()) == "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")
    }

    // RFC 7748 §5.2, the iterated test: k = u = 9; repeat k, u = X25519(k, u), k. After 1 and
    // 1,000 iterations. (The 1,000,000-iteration value is left out: it takes minutes.)
    @Test func iteratedScalarMultiplicationMatchesRFC7748() throws {
        var k = [UInt8](repeating: 0, count: 32)
        k[0] = 9
        var u = k
        for iteration in 1...1000 {
            let result = try X25519.PrivateKey(rawRepresentation: SecretBytes(k))
                .sharedSecret(with: X25519.PublicKey(rawRepresentation: u)).unsafeArray()
            u = k
            k = result
            if iteration == 1 {
                #expect(Hex.encode(k) == "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
            }
        }
        #expect(Hex.encode(k) == "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51")
    }

    // RFC 7748 §6.1: Alice and Bob's keys and their shared secret.
    @Test func diffieHellmanMatchesRFC7748Section6_1() throws {
        let alice = try privateKey("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        let bob = try privateKey("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
        #expect(
            Hex.encode(alice.publicKey.rawRepresentation)
                == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        #expect(
            Hex.encode(bob.publicKey.rawRepresentation)
                == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
        #expect(Hex.encode(try alice.sharedSecret(with: bob.publicKey).unsafeArray()) == shared)
        #expect(Hex.encode(try bob.sharedSecret(with: alice.publicKey).unsafeArray()) == shared)
    }

    @Test func freshKeysAgree() throws {
        let a = X25519.PrivateKey()
        let b = X25519.PrivateKey.generate()
        #expect(try a.sharedSecret(with: b.publicKey) == b.sharedSecret(with: a.publicKey))
        #expect(a.publicKey != b.publicKey)
        let restored = try X25519.PrivateKey(rawRepresentation: a.rawRepresentation)
        #expect(restored.publicKey == a.publicKey)
        #expect(!"\(a)".contains(Hex.encode(a.rawRepresentation.unsafeArray())))
    }

    // Low-order points (the all-zero point, u = 1, and a point of order 8 from the Curve25519
    // small-subgroup list) give the all-zero secret; that must be an error, not a key.
    @Test func lowOrderPublicKeysAreRejected() throws {
        let key = X25519.PrivateKey()
        let lowOrder = [
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        ]
        for point in lowOrder {
            let error = #expect(throws: CryptoError.self) {
                _ = try key.sharedSecret(with: publicKey(point))
            }
            #expect(error?.code == .identityPoint)
        }
    }

    @Test func wrongLengthsAreRejected() {
        for length in [0, 31, 33] {
            let publicError = #expect(throws: CryptoError.self) {
                _ = try X25519.PublicKey(rawRepresentation: [UInt8](repeating: 9, count: length))
            }
            #expect(publicError?.code == .invalidKeyLength)
            let privateError = #expect(throws: CryptoError.self) {
                _ = try X25519.PrivateKey(rawRepresentation: SecretBytes([UInt8](repeating: 9, count: length)))
            }
            #expect(privateError?.code == .invalidKeyLength)
        }
    }
}
