import Foundation
import NIOCore
import SuretyClient
import SuretyCrypto
import SuretyDirectoryClient
import SuretyDocuments
import SuretyNet
import SuretyRelay
import SuretyTestSupport
import SuretyWire
import Testing

/// Issue 6 §5 end to end, over real sockets: admins sign, an authority accepts, every relay's and
/// the client's `GovernanceFollower` verifies the action itself and enforces it.
@Suite(.serialized) struct RevocationPropagationTests {
    /// The Surety network (5 relays, 2 exits, a client, a site) plus three authorities, with a
    /// follower for each relay and for the client.
    struct Setup {
        let bed: GovernanceTestbed
        let network: TestNetwork
        let followers: [GovernanceFollower]
        let tasks: [Task<Void, Never>]

        static func start(teardownDelay: TimeAmount = .seconds(2)) async throws -> Setup {
            let bed = try await GovernanceTestbed()
            let network = try await TestNetwork.start(revocationTeardownDelay: teardownDelay)
            var followers: [GovernanceFollower] = []
            for relay in network.relays { followers.append(try bed.follower(handler: relay.governanceHandler())) }
            followers.append(try bed.follower(handler: network.client.governanceHandler()))
            for follower in followers { try await follower.catchUp() }
            let tasks = followers.map { follower in Task { await follower.run() } }
            return Setup(bed: bed, network: network, followers: followers, tasks: tasks)
        }

        var memberSubject: GovernanceSubject {
            get throws { try .member(LinkCertificate.memberIDBytes(network.client.configuration.memberKey.publicKey)) }
        }

        func circuits() async throws -> Int {
            var total = 0
            for relay in network.relays { total += try await relay.counts().circuits }
            return total
        }

        func fetch(user: String? = nil) async throws -> Curl.Result {
            try await Curl.viaSOCKS(
                port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/", user: user, timeout: 30)
        }

        func stop() async {
            for task in tasks { task.cancel() }
            await network.stop()
            await bed.stop()
        }
    }

    @Test func aMemberRevokedByTwoOfThreeAdminsIsCutOffWithinTwoSecondsAndAnAppealRestoresIt() async throws {
        let setup = try await Setup.start(teardownDelay: .seconds(2))
        let port = setup.network.client.proxyPort
        let site = setup.network.site.port
        let download = Task.detached {
            try await Curl.viaSOCKS(port: port, url: "http://127.0.0.1:\(site)/bytes/1000000000", timeout: 120)
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await setup.circuits() > 0)

        // Admin 1 creates and signs, admin 2 adds a signature (the file travels between them),
        // one authority accepts it.
        let subject = try setup.memberSubject
        let created = try GovernanceAction(
            revoking: subject, sequence: 1, created: setup.bed.now, reasonCode: .abuse, reason: "botnet traffic",
            evidence: "abuse-report-9")
        var envelope = try DocumentSigning.sign(created, with: [setup.bed.admins[0]])
        envelope = try DocumentSigning.addSignature(to: envelope, with: setup.bed.admins[1])
        let submitted = ContinuousClock.now
        let response = try await setup.bed.submit(try envelope.encoded(), to: 1)
        #expect(response.status == 200, "\(response.errorText)")

        // No further bytes: the guard closed the member's link, so the download ends.
        let result = try await download.value
        let stoppedAfter = submitted.duration(to: .now)
        #expect(result.status != 0)
        #expect(stoppedAfter < .seconds(2), "download still ran \(stoppedAfter) after submission")
        // Every circuit is gone within the teardown bound (2 s) plus slack.
        #expect(try await GovernanceTestbed.eventually(timeout: .seconds(5)) { try await setup.circuits() == 0 })
        // New requests fail with the revoked error, not a hang.
        let refused = try await setup.fetch()
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("(1)"), "\(refused.stderr)")
        for follower in setup.followers { #expect(await follower.isRevoked(subject)) }

        // A late reinstate numbered below the revoke (sequence 1 is the revoke's own) is refused
        // and changes nothing anywhere.
        let late = try await setup.bed.submit(try setup.bed.reinstate(subject, sequence: 1), to: 2)
        #expect(late.status == 409 && errorCode(late) == "stale_sequence", "\(late.errorText)")
        try await Task.sleep(for: .milliseconds(300))
        for follower in setup.followers { #expect(await follower.isRevoked(subject)) }
        #expect(try await setup.fetch().status != 0)

        // The appeal (sequence 2) restores service everywhere.
        #expect(try await setup.bed.submit(try setup.bed.reinstate(subject, sequence: 2), to: 0).status == 200)
        let restored = try await GovernanceTestbed.eventually(timeout: .seconds(10)) {
            for follower in setup.followers where await follower.isRevoked(subject) { return false }
            return true
        }
        #expect(restored)
        let again = try await GovernanceTestbed.eventually(timeout: .seconds(10)) {
            try await setup.fetch().status == 0
        }
        #expect(again)
        await setup.stop()
    }

    @Test func aRelayRevokedMidCircuitIsTornOutAndTheClientBuildsAroundIt() async throws {
        let setup = try await Setup.start()
        let first = try await setup.fetch(user: "r")
        #expect(first.status == 0, "\(first.stderr)")
        let middleName = try #require(try await setup.network.client.usedCircuitPaths().first?[1])
        let middle = try #require(setup.network.relays.first { $0.configuration.nickname == middleName })
        let identity = middle.configuration.identityKey.publicKey.rawRepresentation
        #expect(try await setup.bed.submit(try setup.bed.revoke(try .relay(identity), sequence: 1)).status == 200)
        // Circuits through it are gone (its neighbours closed their links to it).
        #expect(
            try await GovernanceTestbed.eventually(timeout: .seconds(5)) { try await middle.counts().circuits == 0 })
        let again = try await setup.fetch(user: "r")
        #expect(again.status == 0, "\(again.stderr)")
        let paths = try await setup.network.client.usedCircuitPaths()
        #expect(!paths.isEmpty && paths.allSatisfy { !$0.contains(middleName) })
        await setup.stop()
    }

    @Test func aFollowerThatWasDownCatchesUpFromItsSavedPositionBeforeServing() async throws {
        let bed = try await GovernanceTestbed()
        let path = bed.directory + "/follower.state"
        let first = try bed.follower(statePath: path)
        let early = try GovernanceSubject.relay(Ed25519.SigningKey().publicKey.rawRepresentation)
        #expect(try await bed.submit(try bed.revoke(early, sequence: 1)).status == 200)
        try await first.catchUp()
        #expect(await first.isRevoked(early))
        try await bed.waitForPending(1)
        #expect(try await bed.runRound(bed.rounds(1)[0]).allSatisfy { $0 })
        try await first.catchUp()
        #expect(await first.status().position == 1)

        // While it is down, another action arrives.
        let late = try GovernanceSubject.member(Array(repeating: 7, count: 32))
        #expect(try await bed.submit(try bed.revoke(late, sequence: 1)).status == 200)
        let recorder = EventRecorder()
        let restarted = try bed.follower(statePath: path, handler: recorder.handler)
        // Restored state is enforced at once, before any network access...
        await restarted.load()
        #expect(await recorder.events.map(\.subject) == [early])
        #expect(await restarted.status().position == 1)
        // ...and catching up adds what happened meanwhile.
        try await restarted.catchUp()
        #expect(await restarted.isRevoked(late))
        #expect(Set(await recorder.events.map(\.subject)) == [early, late])
        #expect(await restarted.status().isFresh)
        await bed.stop()
    }

    @Test func aFollowerReportsAStaleCheckpointAndAConsensusHeadItLacks() async throws {
        let bed = try await GovernanceTestbed()
        let follower = try bed.follower(maximumCheckpointAge: 1)
        try await follower.catchUp()
        #expect(await follower.status().isFresh)
        await bed.stopAuthority(0)
        await bed.stopAuthority(1)
        await bed.stopAuthority(2)
        try await Task.sleep(for: .seconds(2.2))
        let status = await follower.status()
        #expect(!status.isFresh)
        #expect(status.staleness?.contains("old") == true, "\(status.staleness ?? "")")
        #expect(await follower.observeConsensusHead(GovernanceLogHead(head: Array(repeating: 1, count: 32), size: 3)))
        #expect(await follower.status().staleness?.contains("consensus") == true)
        await bed.stop()
    }
}
