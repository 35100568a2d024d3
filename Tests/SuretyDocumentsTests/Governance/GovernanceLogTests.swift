import SuretyCrypto
import SuretyWire
import Testing

@testable import SuretyDocuments

/// The governance log: entries chain and verify from genesis; a tampered, reordered or invalid
/// entry is refused with a reason and nothing is appended (issue 6 §2, §5).
@Suite("Governance log")
struct GovernanceLogTests {
    let fixture: Fixture
    let verifier: GovernanceActionVerifier

    init() throws {
        fixture = try Fixture()
        verifier = try GovernanceActionVerifier(genesis: fixture.genesis)
    }

    func actions(_ count: Int) throws -> [VerifiedGovernanceAction] {
        try (0..<count).map { index in
            let subject = try GovernanceSubject.relay(Ed25519.SigningKey().publicKey.rawRepresentation)
            let action = try GovernanceAction(
                revoking: subject, sequence: 1, created: fixture.now + UInt64(index), reasonCode: .policyViolation,
                reason: "relay \(index)")
            return try verifier.verify(
                try DocumentSigning.sign(action, with: Array(fixture.adminKeys.prefix(2))).encoded())
        }
    }

    /// A log of `count` entries and the entries' encodings.
    func log(_ count: Int) throws -> (GovernanceLog, [[UInt8]]) {
        var log = GovernanceLog(verifier: verifier)
        var encoded: [[UInt8]] = []
        for (index, action) in try actions(count).enumerated() {
            let entry = try log.makeEntry(for: action, round: UInt64(60 * (index / 2)))
            try log.append(entry)
            encoded.append(try entry.encoded())
        }
        return (log, encoded)
    }

    @Test("replaying the encoded entries from genesis reproduces the head, state and proofs")
    func replay() throws {
        let (original, encoded) = try log(9)
        var replayed = GovernanceLog(verifier: verifier)
        for bytes in encoded { try replayed.append(try GovernanceLogEntry(decoding: bytes)) }
        #expect(replayed.head == original.head)
        #expect(replayed.state == original.state)
        #expect(replayed.state.revokedSubjects.count == 9)
        for index in 0..<9 {
            let proof = try #require(replayed.inclusionProof(index: UInt64(index), size: 9))
            #expect(proof.isValid)
            #expect(proof.root == replayed.head)
        }
        let consistency = try #require(replayed.consistencyProof(oldSize: 4, newSize: 9))
        #expect(consistency.isValid)
        // A follower that keeps only the frontier reaches the same head.
        var follower = GovernanceLog(verifier: verifier, keepsLeafHashes: false)
        for bytes in encoded { try follower.append(try GovernanceLogEntry(decoding: bytes)) }
        #expect(follower.head == original.head)
        #expect(follower.leafHashes.isEmpty)
    }

    @Test("a tampered entry is refused with a reason and nothing is appended")
    func tamperedEntries() throws {
        let (_, encoded) = try log(4)
        var prefix = GovernanceLog(verifier: verifier)
        for bytes in encoded.prefix(3) { try prefix.append(try GovernanceLogEntry(decoding: bytes)) }
        let before = (prefix.head, prefix.state, prefix.size)
        let last = try GovernanceLogEntry(decoding: encoded[3])
        var genuine = prefix
        try genuine.append(last)
        var failures = 0
        // Flip every byte of the last entry's leaf (body, position, head, round, kind) in turn:
        // each change is refused, or (the round, which only the signed head covers) yields a
        // head that no checkpoint or consensus signs.
        for index in 0..<last.leafBytes.count {
            var leafBytes = last.leafBytes
            leafBytes[index] ^= 0x01
            var w = CanonicalEncoder()
            try w.encode(leafBytes, tag: 2)
            try w.encode(last.signatures.encoded(), tag: 4)
            guard let entry = try? GovernanceLogEntry(decoding: try w.finish()) else {
                failures += 1
                continue
            }
            var copy = prefix
            do {
                try copy.append(entry)
                #expect(copy.head != genuine.head, "tampered byte \(index) kept the signed head")
                failures += 1
            } catch {
                failures += 1
                #expect(copy.head == before.0 && copy.state == before.1 && copy.size == before.2)
            }
        }
        #expect(failures == last.leafBytes.count)
        // The entries out of order, twice, or after a gap: refused as a broken chain.
        var copy = prefix
        #expect(throws: GovernanceRejection.self) { try copy.append(try GovernanceLogEntry(decoding: encoded[1])) }
        var empty = GovernanceLog(verifier: verifier)
        do {
            try empty.append(try GovernanceLogEntry(decoding: encoded[1]))
            Issue.record("an entry after a gap was accepted")
        } catch {
            #expect((error as? GovernanceRejection)?.code == .brokenChain)
        }
        // The real entry still appends.
        try prefix.append(last)
        #expect(prefix.size == 4)
    }

    @Test("an entry whose action does not apply (a stale sequence) is refused")
    func staleEntry() throws {
        var log = GovernanceLog(verifier: verifier)
        let subject = try GovernanceSubject.member(MemberCertificate.memberID(of: fixture.operatorKey.publicKey))
        let keys = Array(fixture.adminKeys.prefix(2))
        let revoke = try verifier.verify(
            try DocumentSigning.sign(
                try GovernanceAction(
                    revoking: subject, sequence: 3, created: 1, reasonCode: .abuse, reason: "abuse"), with: keys
            ).encoded())
        let reinstate = try verifier.verify(
            try DocumentSigning.sign(
                try GovernanceAction(
                    reinstating: subject, sequence: 2, created: 2, reasonCode: .appealUpheld, reason: "late"),
                with: keys
            ).encoded())
        try log.append(try log.makeEntry(for: revoke, round: 60))
        do {
            try log.append(try log.makeEntry(for: reinstate, round: 60))
            Issue.record("a stale reinstate entered the log")
        } catch {
            #expect((error as? GovernanceRejection)?.code == .staleSequence)
        }
        #expect(log.size == 1)
    }

    @Test("log entries leave room for operator statements and admin messages")
    func laterEntryKinds() throws {
        #expect(GovernanceEntryKind.operatorStatement.documentType == "operator-statement")
        #expect(GovernanceEntryKind.adminMessage.documentType == "admin-message")
        var log = GovernanceLog(verifier: verifier)
        let entry = try GovernanceLogEntry(
            leaf: GovernanceLogLeaf(position: 0, previousHead: log.head, round: 0, kind: .operatorStatement, body: []),
            signatures: .empty)
        #expect(throws: GovernanceRejection.self) { try log.append(entry) }
    }

    @Test("a checkpoint verifies with one genesis authority's signature and not with another key")
    func checkpoint() throws {
        let (log, _) = try log(3)
        let checkpoint = LogCheckpoint(size: log.size, head: log.head, time: fixture.now, round: 60)
        let signed = try DocumentSigning.sign(checkpoint, with: [fixture.authorityKeys[0]])
        #expect(try LogCheckpoint.verify(signed, genesis: fixture.genesis).document == checkpoint)
        let forged = try DocumentSigning.sign(checkpoint, with: [Ed25519.SigningKey()])
        #expect(throws: (any Error).self) { try LogCheckpoint.verify(forged, genesis: fixture.genesis) }
        #expect(throws: (any Error).self) { try LogCheckpoint.verify(signed, genesis: fixture.genesis, threshold: 2) }
    }
}
