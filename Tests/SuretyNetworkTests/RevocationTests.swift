import Foundation
import NIOCore
import SuretyClient
import SuretyCrypto
import SuretyNet
import SuretyRelay
import SuretyTestSupport
import Testing

/// Relay-side enforcement of verified revocations (issue "Governance and revocation" §3, §5).
@Suite(.serialized) struct RevocationTests {
    func totalCircuits(_ network: TestNetwork) async throws -> Int {
        var total = 0
        for relay in network.relays { total += try await relay.counts().circuits }
        return total
    }

    @Test func revokedMemberIsCutOffAtOnceAndItsCircuitsDieWithinTheBound() async throws {
        let network = try await TestNetwork.start(revocationTeardownDelay: .seconds(2))
        let memberID = LinkCertificate.memberIDBytes(network.client.configuration.memberKey.publicKey)
        let port = network.client.proxyPort
        let site = network.site.port
        // A large download in flight.
        let download = Task.detached {
            try await Curl.viaSOCKS(port: port, url: "http://127.0.0.1:\(site)/bytes/1000000000", timeout: 120)
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await totalCircuits(network) > 0)
        let revokedAt = ContinuousClock.now
        for relay in network.relays { await relay.enforce(.member(memberID)) }
        await network.client.memberRevoked(actionID: "test-action-1")
        // The download stops: the guard closed the member's link at once.
        let result = try await download.value
        let stoppedAfter = revokedAt.duration(to: .now)
        #expect(result.status != 0)
        #expect(result.body.count < 1_000_000_000)
        #expect(stoppedAfter < .seconds(5), "download still ran \(stoppedAfter) after the revocation")
        // Every circuit of the member is gone within the teardown bound (2 s) plus slack.
        let deadline = ContinuousClock.now.advanced(by: .seconds(8))
        var remaining = try await totalCircuits(network)
        while remaining > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            remaining = try await totalCircuits(network)
        }
        #expect(remaining == 0)
        // New requests are refused with a clear SOCKS failure rather than hanging.
        let refused = try await Curl.viaSOCKS(port: port, url: "http://127.0.0.1:\(site)/", timeout: 30)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("(1)"), "\(refused.stderr)")
        // Reinstate: service resumes.
        for relay in network.relays { relay.reinstate(.member(memberID)) }
        await network.client.memberReinstated()
        var restored = try await Curl.viaSOCKS(port: port, url: "http://127.0.0.1:\(site)/", timeout: 30)
        if restored.status != 0 {
            try await Task.sleep(for: .seconds(1))
            restored = try await Curl.viaSOCKS(port: port, url: "http://127.0.0.1:\(site)/", timeout: 30)
        }
        #expect(restored.status == 0, "\(restored.stderr)")
        await network.stop()
    }

    @Test func revokedRelayIsTornOutAndTheClientBuildsAroundIt() async throws {
        let network = try await TestNetwork.start()
        let first = try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/", user: "r", timeout: 30)
        #expect(first.status == 0, "\(first.stderr)")
        let paths = try await network.client.usedCircuitPaths()
        let middleName = try #require(paths.first?[1])
        let middle = try #require(network.relays.first { $0.configuration.nickname == middleName })
        let identity = middle.configuration.identityKey.publicKey.rawRepresentation
        for relay in network.relays where relay !== middle { await relay.enforce(.relay(identity)) }
        await network.client.relayRevoked(identity: identity)
        // Nothing runs through the revoked relay any more.
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        var through = try await middle.counts().circuits
        while through > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            through = try await middle.counts().circuits
        }
        #expect(through == 0)
        // The same isolation key gets a new circuit that avoids it.
        let again = try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/", user: "r", timeout: 30)
        #expect(again.status == 0, "\(again.stderr)")
        let newPaths = try await network.client.usedCircuitPaths()
        #expect(!newPaths.isEmpty)
        #expect(newPaths.allSatisfy { !$0.contains(middleName) })
        await network.stop()
    }
}
