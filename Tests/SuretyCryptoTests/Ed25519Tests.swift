import PropertyBased
import SuretyCrypto
import SuretyTestSupport
import Testing

@Suite struct Ed25519Tests {
    /// RFC 8032 §7.1, TEST 1–3 (secret key = seed, public key, message, signature).
    static let rfc8032: [(seed: String, publicKey: String, message: String, signature: String)] = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b"
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c"
                + "387b2eaeb4302aeeb00d291612bb0c00"
        ),
        (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc659"
                + "4a7c15e9716ed28dc027beceea1ec40a"
        ),
    ]

    @Test func rfc8032KnownAnswers() throws {
        for vector in Self.rfc8032 {
            let key = try Ed25519.SigningKey(seed: SecretBytes(Hex.decode(vector.seed)))
            #expect(key.publicKey.rawRepresentation == Hex.decode(vector.publicKey))
            let signature = key.rawSignature(for: Hex.decode(vector.message))
            #expect(Hex.encode(signature) == vector.signature)
            #expect(key.publicKey.isValidRawSignature(signature, for: Hex.decode(vector.message)))
        }
    }

    @Test func domainSeparationBindsContext() throws {
        let key = Ed25519.SigningKey()
        let message = Array("consensus body".utf8)
        let signature = key.signature(for: message, context: "surety/consensus/v1")
        #expect(key.publicKey.isValidSignature(signature, for: message, context: "surety/consensus/v1"))
        #expect(!key.publicKey.isValidSignature(signature, for: message, context: "surety/vote/v1"))
        #expect(!key.publicKey.isValidRawSignature(signature, for: message))
        #expect(throws: CryptoError(.invalidSignature, "")) {
            try key.publicKey.verify(signature, for: message, context: "surety/vote/v1")
        }
    }

    /// Pins the signed byte layout of Docs/SPEC.md §1.4, u8 context length ‖ context ‖ message:
    /// every stored signed document depends on it never changing.
    @Test func domainSeparatedMessageLayoutIsFixed() {
        let context = "surety/consensus/v1"
        let expected = [UInt8(context.utf8.count)] + Array(context.utf8) + [0xaa, 0xbb]
        #expect(DomainSeparation.message(context: context, bytes: [0xaa, 0xbb]) == expected)
        let key = Ed25519.SigningKey()
        #expect(key.publicKey.isValidRawSignature(key.signature(for: [0xaa, 0xbb], context: context), for: expected))
    }

    @Test func seedRoundTrip() throws {
        let key = Ed25519.SigningKey()
        let again = try Ed25519.SigningKey(seed: key.seed)
        #expect(again.publicKey == key.publicKey)
    }

    @Test func wrongLengthsThrow() {
        #expect(throws: CryptoError.self) { try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: CryptoError.self) { try Ed25519.SigningKey(seed: SecretBytes([1, 2, 3])) }
        let key = Ed25519.SigningKey()
        #expect(!key.publicKey.isValidSignature([1, 2, 3], for: [], context: "x"))
        #expect(throws: CryptoError.self) { try key.publicKey.verify([1, 2, 3], for: [], context: "x") }
    }

    @Test func everyBitFlipOfSignatureOrMessageIsRejected() async {
        let key = Ed25519.SigningKey()
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...64), Gen.int(in: 0...511)) { message, bit in
            let signature = key.signature(for: message, context: "surety/test/v1")
            var flipped = signature
            flipped[bit / 8] ^= 1 << (bit % 8)
            #expect(!key.publicKey.isValidSignature(flipped, for: message, context: "surety/test/v1"))
            if !message.isEmpty {
                var changed = message
                changed[bit % message.count] ^= 1 << (bit % 8)
                #expect(!key.publicKey.isValidSignature(signature, for: changed, context: "surety/test/v1"))
            }
        }
    }
}
