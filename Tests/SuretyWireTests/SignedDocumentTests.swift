import SuretyFuzzHarness
import SuretyWire
import Testing

@Suite("Signed envelopes and verification (SPEC §7.5–§7.8)")
struct SignedDocumentTests {
    private let document = SampleDocument(
        note: "hello",
        serial: 42,
        flag: true,
        small: 7,
        port: 443,
        name: "relay-1",
        blob: [1, 2, 3],
        signature: Bytes64(repeating: 9),
        entries: [SampleDocument.Entry(key: Bytes32(repeating: 3), weight: 10, labels: ["guard", "exit"].sorted())],
        nested: SampleDocument.Entry(key: Bytes32(repeating: 4), weight: 1, labels: [])
    )

    private func signed(by keys: [Bytes32], oracle: inout TestSignatureOracle) throws -> SignedEnvelope {
        var envelope = try SignedEnvelope(document: document)
        for key in keys { envelope = try oracle.sign(envelope, key: key) }
        return envelope
    }

    @Test func envelopeLayoutAndRoundTrip() throws {
        var oracle = TestSignatureOracle()
        let key = TestSignatureOracle.newKey()
        let envelope = try signed(by: [key], oracle: &oracle)
        let bytes = try envelope.encoded()
        let body = try CanonicalEncoder.encode(document)
        let expected =
            field(2, Array("sample".utf8)) + field(4, [0, 1]) + field(6, body)
            + field(8, key.bytes + envelope.signatures.signatures[0].signature.bytes)
        #expect(bytes == expected)
        #expect(try SignedEnvelope(decoding: bytes) == envelope)
        #expect(try envelope.signingInput == [16] + Array("surety/sample/v1".utf8) + body)
        #expect(try Unverified<SampleDocument>(decoding: bytes).unverifiedDocument == document)
    }

    @Test func kOfMPolicy() throws {
        var oracle = TestSignatureOracle()
        let admins = (0..<3).map { _ in TestSignatureOracle.newKey() }
        let outsider = TestSignatureOracle.newKey()
        let policy = try SignaturePolicy(signers: admins, threshold: 2)

        let two = try Unverified<SampleDocument>(envelope: signed(by: [admins[0], admins[2]], oracle: &oracle))
        let verified = try two.verify(policy: policy, using: oracle.verifier)
        #expect(verified.document == document)
        #expect(Set(verified.signers) == [admins[0], admins[2]])

        let oneAndOutsider = try Unverified<SampleDocument>(
            envelope: signed(by: [admins[1], outsider], oracle: &oracle))
        #expect {
            _ = try oneAndOutsider.verify(policy: policy, using: oracle.verifier)
        } throws: { ($0 as? WireError)?.code == .insufficientSignatures }

        // A forged signature by a real admin is not counted, and does not spoil valid ones.
        var envelope = try signed(by: [admins[0], admins[1]], oracle: &oracle)
        envelope = try envelope.adding(DocumentSignature(keyID: admins[2], signature: Bytes64(repeating: 0)))
        #expect(
            try Unverified<SampleDocument>(envelope: envelope).verify(policy: policy, using: oracle.verifier).signers
                .count == 2)
        let all = try SignaturePolicy(signers: admins, threshold: 3)
        #expect(throws: WireError.self) {
            try Unverified<SampleDocument>(envelope: envelope).verify(policy: all, using: oracle.verifier)
        }
    }

    @Test func policyValidation() {
        let key = TestSignatureOracle.newKey()
        #expect(throws: WireError.self) { try SignaturePolicy(signers: [key], threshold: 0) }
        #expect(throws: WireError.self) { try SignaturePolicy(signers: [key, key], threshold: 2) }
        #expect(throws: Never.self) { try SignaturePolicy(signers: [key], threshold: 1) }
    }

    @Test func anyChangedByteFailsVerification() throws {
        var oracle = TestSignatureOracle()
        let keys = (0..<2).map { _ in TestSignatureOracle.newKey() }
        let policy = try SignaturePolicy(signers: keys, threshold: 2)
        let bytes = try signed(by: keys, oracle: &oracle).encoded()
        #expect(throws: Never.self) {
            try Unverified<SampleDocument>(decoding: bytes).verify(policy: policy, using: oracle.verifier)
        }
        let verifier = oracle.verifier
        for index in bytes.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var changed = bytes
                changed[index] ^= mask
                let verified = try? Unverified<SampleDocument>(decoding: changed).verify(
                    policy: policy, using: verifier)
                #expect(verified == nil, "byte \(index) ^ \(mask) still verified")
            }
        }
        // Truncation and extension fail too.
        for length in 0..<bytes.count {
            #expect(
                (try? Unverified<SampleDocument>(decoding: Array(bytes.prefix(length))).verify(
                    policy: policy, using: verifier)) == nil)
        }
    }

    @Test func signaturesAreDomainSeparatedByTypeAndVersion() throws {
        var oracle = TestSignatureOracle()
        let key = TestSignatureOracle.newKey()
        let envelope = try signed(by: [key], oracle: &oracle)
        let otherType = try SignedEnvelope(
            documentType: "other", version: 1, body: envelope.body, signatures: envelope.signatures)
        let otherVersion = try SignedEnvelope(
            documentType: "sample", version: 2, body: envelope.body, signatures: envelope.signatures)
        #expect {
            _ = try Unverified<SampleDocument>(envelope: otherType)
        } throws: { ($0 as? WireError)?.code == .wrongDocumentType }
        #expect {
            _ = try Unverified<SampleDocument>(envelope: otherVersion)
        } throws: { ($0 as? WireError)?.code == .unsupportedVersion }
        #expect(try otherType.signingInput != envelope.signingInput)
        #expect(
            !oracle.verifier.isValidSignature(
                envelope.signatures.signatures[0].signature, by: key, over: try otherVersion.signingInput))
    }

    @Test func signatureBlocksAreSortedAndUnique() throws {
        let a = DocumentSignature(keyID: Bytes32(repeating: 1), signature: Bytes64(repeating: 7))
        let b = DocumentSignature(keyID: Bytes32(repeating: 2), signature: Bytes64(repeating: 8))
        let block = try SignatureBlock([b, a])
        #expect(block.signatures == [a, b])
        #expect(try SignatureBlock(decoding: block.encoded()) == block)
        #expect(throws: WireError.self) { try SignatureBlock([a, a]) }
        #expect {
            _ = try SignatureBlock(decoding: b.keyID.bytes + b.signature.bytes + a.keyID.bytes + a.signature.bytes)
        } throws: { ($0 as? WireError)?.code == .unorderedFields }
        #expect(throws: WireError.self) { try SignatureBlock(decoding: zeros(95)) }
        #expect(throws: WireError.self) { try SignatureBlock(decoding: zeros(96 * 65)) }
        let merged = try SignatureBlock([a]).merging(
            try SignatureBlock([b, DocumentSignature(keyID: a.keyID, signature: Bytes64(repeating: 0))]))
        #expect(merged.signatures == [a, b])
    }

    @Test func envelopeRejectsBadShapes() throws {
        let body = try CanonicalEncoder.encode(document)
        #expect(throws: WireError.self) { try SignedEnvelope(documentType: "Bad", version: 1, body: body) }
        #expect(throws: WireError.self) { try SignedEnvelope(documentType: "sample", version: 0, body: body) }
        #expect(throws: WireError.self) { try SignedEnvelope(documentType: "sample", version: 1, body: [0, 1]) }
        let good = field(2, Array("sample".utf8)) + field(4, [0, 1]) + field(6, body)
        #expect(throws: WireError.self) { try SignedEnvelope(decoding: good) }  // no signature block
        #expect(try SignedEnvelope(decoding: good + field(8, [])).signatures == .empty)
        #expect(try SignedEnvelope(decoding: good + field(8, []) + field(9, [1])).body == body)  // odd: ignored
        #expect(throws: WireError.self) { try SignedEnvelope(decoding: good + field(8, []) + field(10, [1])) }
    }
}
