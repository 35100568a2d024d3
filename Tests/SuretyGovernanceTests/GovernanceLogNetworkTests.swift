import Foundation
import SuretyCrypto
import SuretyDirectory
import SuretyDocuments
import SuretyWire
import Testing

@testable import SuretyDirectoryClient

/// The transparency log across three real authorities (issue 6 §2, §5): any authority accepts and
/// forwards; positions are fixed by the consensus so every authority holds the same log; proofs
/// verify; every rejection comes back with its reason; restarts keep the log.
@Suite(.serialized) struct GovernanceLogNetworkTests {
    func relaySubject() throws -> GovernanceSubject {
        try .relay(Ed25519.SigningKey().publicKey.rawRepresentation)
    }

    @Test func actionsReachEveryAuthorityAndTheConsensusFixesOneOrder() async throws {
        let bed = try await GovernanceTestbed()
        let subjects = try (0..<4).map { _ in try relaySubject() }
        // Submitted to different authorities; each forwards to the others.
        for (index, subject) in subjects.enumerated() {
            let response = try await bed.submit(try bed.revoke(subject, sequence: 1), to: index % 3)
            #expect(response.status == 200, "\(response.errorText)")
        }
        let allPending = try await GovernanceTestbed.eventually {
            for authority in bed.authorities.compactMap({ $0 })
            where try await authority.governanceLog.pendingIDs().count != 4 {
                return false
            }
            return true
        }
        #expect(allPending)
        let rounds = bed.rounds(2)
        #expect(try await bed.runRound(rounds[0]).allSatisfy { $0 })
        var heads: [GovernanceLogHead] = []
        for authority in bed.authorities.compactMap({ $0 }) { heads.append(try await authority.governanceLog.head()) }
        #expect(heads.allSatisfy { $0 == heads[0] })
        #expect(heads[0].size == 4)
        // The next consensus signs that head (majority-signed checkpoint).
        #expect(try await bed.runRound(rounds[1]).allSatisfy { $0 })
        let response = try await bed.http.get(bed.addresses[1], path: DirectoryPaths.consensus)
        let consensus = try Consensus.verify(response.body, genesis: bed.genesis).document
        #expect(consensus.governanceLog == heads[0])

        // Entries served by any authority replay from genesis to the same head.
        let entries = try GovernanceLogUpdate(
            decoding: try await bed.http.get(bed.addresses[2], path: "\(DirectoryPaths.logEntries)?from=0").body)
        var replay = GovernanceLog(verifier: try GovernanceActionVerifier(genesis: bed.genesis))
        for entry in entries.entries { try replay.append(entry) }
        #expect(replay.head.bytes == heads[0].head)
        #expect(Set(replay.state.revokedSubjects) == Set(subjects))
        let checkpoint = try LogCheckpoint.verify(entries.checkpoint, genesis: bed.genesis).document
        #expect(checkpoint.size == 4 && checkpoint.head == replay.head)

        // Inclusion and consistency proofs verify against the signed head.
        let inclusion = try CanonicalDecoder.decode(
            InclusionProof.self,
            from: try await bed.http.get(bed.addresses[0], path: "\(DirectoryPaths.logInclusionProof)?index=2").body)
        #expect(inclusion.isValid && inclusion.root == checkpoint.head)
        #expect(inclusion.leafHash.bytes == entries.entries[2].leafHash)
        let consistency = try CanonicalDecoder.decode(
            ConsistencyProof.self,
            from: try await bed.http.get(bed.addresses[0], path: "\(DirectoryPaths.logConsistencyProof)?from=1").body)
        #expect(consistency.isValid && consistency.newRoot == checkpoint.head)
        await bed.stop()
    }

    @Test func everyRejectionNamesItsReasonAndAppliesNothing() async throws {
        let bed = try await GovernanceTestbed()
        let subject = try relaySubject()
        let tooFew = try await bed.submit(try bed.revoke(subject, sequence: 1, signers: 1))
        #expect(tooFew.status == 403 && errorCode(tooFew) == "insufficient_signatures", "\(tooFew.errorText)")
        let outsider = try bed.signed(
            try GovernanceAction(revoking: subject, sequence: 1, created: bed.now, reasonCode: .abuse, reason: "x"),
            by: [bed.admins[0], Ed25519.SigningKey()])
        let foreign = try await bed.submit(outsider)
        #expect(foreign.status == 403 && errorCode(foreign) == "signer_not_admin", "\(foreign.errorText)")
        // One admin's signature twice (hand-built block).
        let one = try SignedEnvelope(decoding: try bed.revoke(subject, sequence: 1, signers: 1))
        var w = CanonicalEncoder()
        try w.encode(one.documentType, tag: 2)
        try w.encode(one.version, tag: 4)
        try w.encodeRaw(one.body, tag: 6)
        try w.encodeRaw(one.signatures.encoded() + one.signatures.encoded(), tag: 8)
        let duplicated = try await bed.submit(try w.finish())
        #expect(duplicated.status == 400 && errorCode(duplicated) == "duplicate_signature", "\(duplicated.errorText)")
        for authority in bed.authorities.compactMap({ $0 }) {
            #expect(try await authority.governanceLog.pendingIDs().isEmpty)
        }

        let revoke = try bed.revoke(subject, sequence: 2)
        #expect(try await bed.submit(revoke).status == 200)
        let replay = try await bed.submit(revoke)
        #expect(replay.status == 409 && errorCode(replay) == "duplicate_action", "\(replay.errorText)")
        let late = try await bed.submit(try bed.reinstate(subject, sequence: 1))
        #expect(late.status == 409 && errorCode(late) == "stale_sequence", "\(late.errorText)")
        let state = try await #require(bed.authorities[0]).governanceLog.currentState()
        #expect(state.isRevoked(subject, at: bed.now))
        let notRevoked = try await bed.submit(try bed.reinstate(try relaySubject(), sequence: 1))
        #expect(notRevoked.status == 409 && errorCode(notRevoked) == "not_revoked")
        await bed.stop()
    }

    @Test func anAuthorityThatMissedARoundCatchesUpAndALogSurvivesRestarts() async throws {
        let bed = try await GovernanceTestbed()
        let rounds = bed.rounds(2)
        await bed.stopAuthority(2)
        #expect(try await bed.submit(try bed.revoke(try relaySubject(), sequence: 1)).status == 200)
        try await bed.waitForPending(1)
        #expect(try await bed.runRound(rounds[0]).allSatisfy { $0 })
        let head = try await #require(bed.authorities[0]).governanceLog.head()
        #expect(head.size == 1)
        // Authority 3 returns (same database), then the next round: it catches up from its peers.
        try await bed.startAuthority(2)
        #expect(try await #require(bed.authorities[2]).governanceLog.head().size == 0)
        #expect(try await bed.submit(try bed.revoke(try relaySubject(), sequence: 1), to: 2).status == 200)
        try await bed.waitForPending(1)
        #expect(try await bed.runRound(rounds[1]).allSatisfy { $0 })
        var heads: [GovernanceLogHead] = []
        for authority in bed.authorities.compactMap({ $0 }) { heads.append(try await authority.governanceLog.head()) }
        #expect(heads.allSatisfy { $0 == heads[0] } && heads[0].size == 2, "\(heads)")
        // Restart: the log is reloaded and verified from the database.
        await bed.stopAuthority(0)
        try await bed.startAuthority(0)
        #expect(try await #require(bed.authorities[0]).governanceLog.head() == heads[0])
        await bed.stop()
    }

    @Test func aFollowerVerifiesEverythingItselfAndRefusesATamperedEntry() async throws {
        let bed = try await GovernanceTestbed()
        let subject = try relaySubject()
        #expect(try await bed.submit(try bed.revoke(subject, sequence: 1)).status == 200)
        try await bed.waitForPending(1)
        #expect(try await bed.runRound(bed.rounds(1)[0]).allSatisfy { $0 })
        let served = try GovernanceLogUpdate(
            decoding: try await bed.http.get(bed.addresses[0], path: "\(DirectoryPaths.logEntries)?from=0").body)
        let entry = try #require(served.entries.first)
        // Tamper: change the body's reason text inside the leaf (the signatures no longer match).
        var leaf = entry.leaf
        var action = try CanonicalDecoder.decode(GovernanceAction.self, from: leaf.body)
        action.reason = "something else"
        leaf.body = try CanonicalEncoder.encode(action)
        let tampered = GovernanceLogUpdate(
            entries: [try GovernanceLogEntry(leaf: leaf, signatures: entry.signatures)], pending: [],
            checkpoint: served.checkpoint, pendingDigest: served.pendingDigest)
        let recorder = EventRecorder()
        let follower = try bed.follower(handler: recorder.handler)
        await #expect(throws: DirectoryClientError.self) { try await follower.process(tampered) }
        #expect(await follower.status().position == 0)
        #expect(await recorder.events.isEmpty)
        // The genuine entries apply.
        try await follower.process(served)
        #expect(await follower.status().position == 1)
        #expect(await follower.status().isFresh)
        #expect(await recorder.events.map(\.kind) == [.revoked])
        // A checkpoint signed by a key that is not a genesis authority is refused.
        let forged = GovernanceLogUpdate(
            entries: [], pending: [],
            checkpoint: try DocumentSigning.sign(
                LogCheckpoint(size: 1, head: Bytes32(repeating: 1), time: bed.now, round: 0),
                with: [Ed25519.SigningKey()]),
            pendingDigest: served.pendingDigest)
        await #expect(throws: (any Error).self) { try await follower.process(forged) }
        await bed.stop()
    }
}
