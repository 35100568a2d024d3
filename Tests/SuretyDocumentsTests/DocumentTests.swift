import SuretyCrypto
import SuretyWire
import Testing

@testable import SuretyDocuments

@Suite("Signed documents")
struct DocumentTests {
    @Test("genesis verifies with k of its own admins; every changed byte is rejected")
    func genesisRoundTripAndTamper() throws {
        let fixture = try Fixture()
        #expect(try Genesis.verify(try fixture.ceremony.envelope.encoded()).signers.count == 3)
        // Exactly k signatures, so that damaging any one of them must fail the check (a third
        // valid signature would rightly keep the document valid, SPEC §7.8).
        let envelope = try DocumentSigning.sign(fixture.genesis, with: Array(fixture.adminKeys.prefix(2)))
        let bytes = try envelope.encoded()
        let verified = try Genesis.verify(bytes)
        #expect(verified.document == fixture.genesis)
        // Flip one bit in a sample of positions across the whole envelope (every 7th byte: the
        // genesis check interpolates the escrow key, so all bytes would be slow).
        for index in stride(from: 0, to: bytes.count, by: 7) {
            var changed = bytes
            changed[index] ^= 0x01
            #expect(throws: (any Error).self) { try Genesis.verify(changed) }
        }
    }

    @Test("a genesis signed by fewer than k admins is rejected")
    func genesisNeedsThreshold() throws {
        let fixture = try Fixture()
        let oneSignature = try DocumentSigning.sign(fixture.genesis, with: [fixture.adminKeys[0]])
        #expect(throws: WireError.self) { try Genesis.verify(try oneSignature.encoded()) }
        let twoSignatures = try DocumentSigning.sign(fixture.genesis, with: Array(fixture.adminKeys.prefix(2)))
        #expect(try Genesis.verify(try twoSignatures.encoded()).signers.count == 2)
    }

    @Test("relay descriptor round-trips and any changed byte fails verification")
    func descriptorTamper() throws {
        let fixture = try Fixture()
        let identity = Ed25519.SigningKey()
        let envelope = try fixture.descriptor(nickname: "relay1", identity: identity, port: 5001, exit: true)
        let bytes = try envelope.encoded()
        let policy = SignaturePolicy.single(DocumentSigning.keyID(identity.publicKey))
        let verified = try DocumentSigning.verify(RelayDescriptor.self, from: bytes, policy: policy)
        #expect(verified.document.nickname == "relay1")
        #expect(verified.document.exitPolicy.acceptedPorts == [80...80, 443...443])
        #expect(try CanonicalEncoder.encode(verified.document) == envelope.body)
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x80
            #expect(throws: (any Error).self) {
                try DocumentSigning.verify(RelayDescriptor.self, from: changed, policy: policy)
            }
        }
    }

    @Test("a descriptor signed by another key, or larger than the limit, is rejected")
    func descriptorWrongSignerAndSize() throws {
        let fixture = try Fixture()
        let identity = Ed25519.SigningKey()
        let envelope = try fixture.descriptor(nickname: "relay1", identity: identity, port: 5001)
        let forged = try DocumentSigning.sign(
            try CanonicalDecoder.decode(RelayDescriptor.self, from: envelope.body), with: [Ed25519.SigningKey()])
        let policy = SignaturePolicy.single(DocumentSigning.keyID(identity.publicKey))
        #expect(throws: WireError.self) {
            try DocumentSigning.verify(RelayDescriptor.self, from: try forged.encoded(), policy: policy)
        }
        #expect(throws: DocumentError.self) {
            try DocumentSigning.verify(
                RelayDescriptor.self, from: [UInt8](repeating: 0, count: RelayDescriptor.maximumSize + 1),
                maximumSize: RelayDescriptor.maximumSize, policy: policy)
        }
    }

    @Test("admit action carries a member certificate and needs k admin signatures")
    func admitAction() throws {
        let fixture = try Fixture()
        let member = Ed25519.SigningKey()
        let certificate = try MemberCertificate(
            memberKey: member.publicKey, roles: [.member, .operator], validFrom: fixture.now,
            validUntil: fixture.now + 86_400)
        let action = try GovernanceAction(admitting: certificate, created: fixture.now)
        let one = try DocumentSigning.sign(action, with: [fixture.adminKeys[0]])
        #expect(throws: WireError.self) {
            try DocumentSigning.verify(
                GovernanceAction.self, from: try one.encoded(), policy: try fixture.genesis.adminPolicy)
        }
        let two = try DocumentSigning.addSignature(to: one, with: fixture.adminKeys[2])
        let verified = try DocumentSigning.verify(
            GovernanceAction.self, from: try two.encoded(), policy: try fixture.genesis.adminPolicy)
        #expect(verified.document.memberCertificate?.memberID == MemberCertificate.memberID(of: member.publicKey))
        // Adding a signature does not change the id (SPEC §7.9).
        #expect(try DocumentSigning.documentID(of: one) == DocumentSigning.documentID(of: two))
        // The same signatures by non-admins count for nothing.
        let outsiders = try DocumentSigning.sign(action, with: [Ed25519.SigningKey(), Ed25519.SigningKey()])
        #expect(throws: WireError.self) {
            try DocumentSigning.verify(
                GovernanceAction.self, from: try outsiders.encoded(), policy: try fixture.genesis.adminPolicy)
        }
    }

    @Test("exit policy summary: first matching wildcard rule decides")
    func exitPolicySummary() throws {
        let policy = try ExitPolicy([
            "reject 10.0.0.0/8:*", "accept *:80-90", "reject *:85", "accept *:91", "accept *:443", "reject *:*",
        ])
        #expect(policy.acceptedPorts == [80...91, 443...443])
        #expect(ExitPolicy.rejectAll.acceptedPorts.isEmpty)
        #expect(try ExitPolicy(["accept *:*"]).acceptedPorts == [1...65535])
        #expect(throws: DocumentError.self) { try ExitPolicy(["allow *:80"]) }
        #expect(throws: DocumentError.self) { try ExitPolicy(["accept *:0"]) }
    }

    @Test("Merkle root matches the recursive RFC 9162 definition")
    func merkleRoot() {
        func mth(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
            if leaves.isEmpty { return MerkleTree.hash([]) }
            if leaves.count == 1 { return MerkleTree.hash([0] + leaves[leaves.startIndex]) }
            var k = 1
            while k * 2 < leaves.count { k *= 2 }
            let split = leaves.startIndex + k
            return MerkleTree.hash([1] + mth(leaves[..<split]) + mth(leaves[split...]))
        }
        for count in 0...17 {
            let leaves = (0..<count).map { [UInt8(truncatingIfNeeded: $0), 0xAB] }
            #expect(MerkleTree.root(of: leaves) == mth(leaves[...]), "n = \(count)")
        }
    }
}
