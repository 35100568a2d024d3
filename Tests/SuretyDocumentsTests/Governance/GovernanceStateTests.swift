import SuretyCrypto
import SuretyWire
import Testing

@testable import SuretyDocuments

/// Governance actions: k-of-m verification with precise reasons, and the per-subject sequence
/// fold (issue 6 §1, §5 rejection cases). Each rejection must leave the state exactly as it was.
@Suite("Governance actions and state")
struct GovernanceStateTests {
    let fixture: Fixture
    let verifier: GovernanceActionVerifier
    let member = Ed25519.SigningKey()

    init() throws {
        fixture = try Fixture()
        verifier = try GovernanceActionVerifier(genesis: fixture.genesis)
    }

    var memberSubject: GovernanceSubject {
        get throws { try .member(MemberCertificate.memberID(of: member.publicKey)) }
    }

    func revoke(_ subject: GovernanceSubject, sequence: UInt64, by keys: [Ed25519.SigningKey]) throws -> [UInt8] {
        let action = try GovernanceAction(
            revoking: subject, sequence: sequence, created: fixture.now, reasonCode: .abuse,
            reason: "scanning from exit streams", evidence: "report 2031-17")
        return try DocumentSigning.sign(action, with: keys).encoded()
    }

    func reinstate(_ subject: GovernanceSubject, sequence: UInt64, by keys: [Ed25519.SigningKey]) throws -> [UInt8] {
        let action = try GovernanceAction(
            reinstating: subject, sequence: sequence, created: fixture.now + 10, reasonCode: .appealUpheld,
            reason: "appeal upheld")
        return try DocumentSigning.sign(action, with: keys).encoded()
    }

    var twoAdmins: [Ed25519.SigningKey] { Array(fixture.adminKeys.prefix(2)) }

    /// Expects `body` to throw a rejection with `code`, and the state to be unchanged.
    func expectRejected(
        _ code: GovernanceRejection.Code, _ state: inout GovernanceState,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (inout GovernanceState) throws(GovernanceRejection) -> Void
    ) {
        let before = state
        do {
            try body(&state)
            Issue.record("expected \(code), nothing was rejected", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
        #expect(state == before, "a rejected action changed the state", sourceLocation: sourceLocation)
    }

    @Test("revoke and reinstate round-trip through the canonical encoding")
    func roundTrip() throws {
        let bytes = try revoke(try memberSubject, sequence: 2, by: twoAdmins)
        let verified = try verifier.verify(bytes)
        #expect(verified.action.kind == .revoke)
        #expect(verified.subject == (try memberSubject))
        #expect(verified.action.reason == "scanning from exit streams")
        #expect(verified.action.evidence == "report 2031-17")
        #expect(verified.signers.count == 2)
        #expect(try CanonicalEncoder.encode(verified.action) == verified.envelope.body)
        let change = try GovernanceAction(
            changing: [try ParameterSetting(name: "voting_interval", value: 30)], sequence: 1, created: fixture.now,
            reason: "faster rounds")
        let changeBytes = try DocumentSigning.sign(change, with: twoAdmins).encoded()
        var state = GovernanceState()
        #expect(try state.apply(verifier.verify(changeBytes)) == .parametersChanged(change.settings))
        #expect(state.parameters["voting_interval"] == 30)
    }

    @Test("the id is the hash of the signed body: adding a signature does not change it")
    func idIndependentOfSignatures() throws {
        let two = try verifier.verify(try revoke(try memberSubject, sequence: 2, by: twoAdmins))
        let three = try verifier.verify(try revoke(try memberSubject, sequence: 2, by: fixture.adminKeys))
        #expect(two.id == three.id)
        #expect(three.signers.count == 3)
    }

    @Test("k−1 signatures are rejected; nothing is applied")
    func tooFewSignatures() throws {
        var state = GovernanceState()
        let bytes = try revoke(try memberSubject, sequence: 2, by: [fixture.adminKeys[0]])
        expectRejected(.insufficientSignatures, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify(bytes))
        }
    }

    @Test("a signature by a non-admin does not count and is named in the reason")
    func nonAdminSignature() throws {
        var state = GovernanceState()
        let outsider = Ed25519.SigningKey()
        let bytes = try revoke(try memberSubject, sequence: 2, by: [fixture.adminKeys[0], outsider])
        expectRejected(.signerNotAdmin, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify(bytes))
        }
        // A forged admin signature (right key id, wrong signature) does not count either.
        let envelope = try SignedEnvelope(
            decoding: try revoke(try memberSubject, sequence: 2, by: [fixture.adminKeys[0]]))
        let forged = try envelope.adding(
            DocumentSignature(
                keyID: DocumentSigning.keyID(fixture.adminKeys[1].publicKey), signature: Bytes64(repeating: 7)))
        expectRejected(.insufficientSignatures, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify(try! forged.encoded()))
        }
    }

    @Test("one admin's signature twice is rejected as a duplicated signature")
    func duplicatedSignature() throws {
        var state = GovernanceState()
        let envelope = try SignedEnvelope(
            decoding: try revoke(try memberSubject, sequence: 2, by: [fixture.adminKeys[0]]))
        // Hand-build the block: the same 96-byte entry twice (the API refuses to make one).
        let entry = envelope.signatures.encoded()
        var w = CanonicalEncoder()
        try w.encode(envelope.documentType, tag: 2)
        try w.encode(envelope.version, tag: 4)
        try w.encodeRaw(envelope.body, tag: 6)
        try w.encodeRaw(entry + entry, tag: 8)
        let bytes = try w.finish()
        expectRejected(.duplicateSignature, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify(bytes))
        }
    }

    @Test("a replayed action is rejected as a duplicate and changes nothing")
    func replay() throws {
        var state = GovernanceState()
        let bytes = try revoke(try memberSubject, sequence: 2, by: twoAdmins)
        let change = try state.apply(try verifier.verify(bytes))
        #expect(change == .revoked(try memberSubject, effective: fixture.now))
        #expect(state.isRevoked(try memberSubject, at: fixture.now))
        expectRejected(.duplicate, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify(bytes))
        }
        // The same action with a third signature is the same action.
        let more = try revoke(try memberSubject, sequence: 2, by: fixture.adminKeys)
        expectRejected(.duplicate, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify(more))
        }
    }

    @Test("a late reinstate numbered below the revoke never undoes it; a higher one does")
    func outOfOrderReinstate() throws {
        var state = GovernanceState()
        let subject = try memberSubject
        // Admins revoked (seq 2), reinstated on appeal (seq 3) and revoked again (seq 4).
        let revoke2 = try verifier.verify(try revoke(subject, sequence: 2, by: twoAdmins))
        let reinstate3 = try verifier.verify(try reinstate(subject, sequence: 3, by: twoAdmins))
        let revoke4 = try verifier.verify(try revoke(subject, sequence: 4, by: twoAdmins))
        try state.apply(revoke2)
        try state.apply(revoke4)  // gossip delivered 4 before 3
        expectRejected(.staleSequence, &state) { state throws(GovernanceRejection) in
            try state.apply(reinstate3)
        }
        #expect(state.isRevoked(subject, at: fixture.now))
        let reinstate5 = try verifier.verify(try reinstate(subject, sequence: 5, by: twoAdmins))
        #expect(try state.apply(reinstate5) == .reinstated(subject))
        #expect(!state.isRevoked(subject, at: fixture.now))
        // Reinstating what is not revoked is refused.
        let reinstate6 = try verifier.verify(try reinstate(subject, sequence: 6, by: twoAdmins))
        expectRejected(.notRevoked, &state) { state throws(GovernanceRejection) in
            try state.apply(reinstate6)
        }
    }

    @Test("subjects of different kinds keep separate sequences; effective time is honoured")
    func subjectsAndEffectiveTime() throws {
        var state = GovernanceState()
        let key = Ed25519.SigningKey().publicKey.rawRepresentation
        let relay = try GovernanceSubject.relay(key)
        let device = try GovernanceSubject.device(key)
        let later = try GovernanceAction(
            revoking: relay, sequence: 1, created: fixture.now, reasonCode: .requested, reason: "retiring",
            effective: fixture.now + 100)
        try state.apply(try verifier.verify(try DocumentSigning.sign(later, with: twoAdmins).encoded()))
        try state.apply(try verifier.verify(try revoke(device, sequence: 1, by: twoAdmins)))
        #expect(!state.isRevoked(relay, at: fixture.now + 99))
        #expect(state.isRevoked(relay, at: fixture.now + 100))
        #expect(state.isRevoked(device, at: fixture.now))
        #expect(state.revokedSubjects.count == 2)
    }

    @Test("malformed actions are refused at construction and at decoding")
    func malformedActions() throws {
        let subject = try memberSubject
        #expect(throws: DocumentError.self) {
            try GovernanceAction(revoking: subject, sequence: 0, created: 1, reasonCode: .abuse, reason: "x")
        }
        #expect(throws: DocumentError.self) {
            try GovernanceAction(revoking: subject, sequence: 1, created: 1, reasonCode: .abuse, reason: "")
        }
        #expect(throws: DocumentError.self) {
            try GovernanceAction(revoking: .network, sequence: 1, created: 1, reasonCode: .abuse, reason: "x")
        }
        #expect(throws: DocumentError.self) { try ParameterSetting(name: "no_such_parameter", value: 1) }
        var state = GovernanceState()
        expectRejected(.malformed, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify([1, 2, 3]))
        }
        let genesisBytes = try fixture.ceremony.envelope.encoded()
        expectRejected(.wrongDocumentType, &state) { state throws(GovernanceRejection) in
            try state.apply(try verifier.verify(genesisBytes))
        }
    }

    @Test("a snapshot restores the same state")
    func snapshot() throws {
        var state = GovernanceState()
        try state.apply(try verifier.verify(try revoke(try memberSubject, sequence: 2, by: twoAdmins)))
        let change = try GovernanceAction(
            changing: [try ParameterSetting(name: "vote_lead", value: 9)], sequence: 1, created: 5, reason: "r")
        try state.apply(try verifier.verify(try DocumentSigning.sign(change, with: twoAdmins).encoded()))
        #expect(try GovernanceState(snapshot: state.snapshot()) == state)
        #expect(throws: DocumentError.self) { try GovernanceState(snapshot: Array(state.snapshot().dropLast())) }
    }
}
