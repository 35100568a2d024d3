import Foundation
import Logging
import NIOCore
import NIOPosix
import SuretyCrypto
import SuretyDirectory
import SuretyDirectoryClient
import SuretyDocuments
import SuretyNet
import SuretyRelay
import SuretyWire
import Testing

extension DirectoryTests {
    @Suite("Directory scheduler, caches and membership")
    struct DirectoryServiceTests {
        @Test("the voting scheduler bootstraps a consensus on its own and keeps producing rounds")
        func scheduler() async throws {
            var parameters = ProtocolParameters.testnet
            parameters.votingInterval = 4
            parameters.voteLead = 2
            parameters.consensusLifetime = 40
            let network = try await DirectoryTestNetwork(parameters: parameters)
            defer { Task { await network.stop() } }
            try await network.admitOperator()
            try await network.startRelays(count: 3, exits: 1)
            let schedulers = network.authorities.compactMap { $0 }.map { authority in
                Task { try await VotingScheduler(authority: authority, tick: .milliseconds(200)).run() }
            }
            defer { for task in schedulers { task.cancel() } }
            let client = network.consensusClient()
            var first: Consensus?
            for _ in 0..<150 where first == nil {
                try await Task.sleep(for: .milliseconds(200))
                first = try? await client.refresh().document
            }
            let consensus = try #require(first, "no consensus within 30 s")
            #expect(consensus.relays.count == 3)
            #expect(consensus.relays.allSatisfy { $0.flags.contains(.running) })
            // A later round follows.
            var later: UInt64 = consensus.period.validAfter
            for _ in 0..<150 where later == consensus.period.validAfter {
                try await Task.sleep(for: .milliseconds(200))
                later = (try? await client.refresh().document.period.validAfter) ?? later
            }
            #expect(later > consensus.period.validAfter)
        }

        @Test("the consensus cache survives a client restart; an expired cache is not used")
        func consensusCache() async throws {
            let network = try await DirectoryTestNetwork(authorities: 1)
            defer { Task { await network.stop() } }
            try await network.admitOperator()
            #expect(try await network.runRound(network.nextRound()) == [true])
            let cache = "\(network.directory)/consensus.cache"
            let first = network.consensusClient(cache: cache)
            let fetched = try await first.refresh()
            let second = network.consensusClient(cache: cache)
            #expect(second.loadCache())
            #expect(second.current?.document == fetched.document)
            let expired = network.consensusClient(clock: { fetched.document.period.validUntil }, cache: cache)
            #expect(!expired.loadCache())
            #expect(throws: DirectoryClientError(.noConsensus, "")) { try expired.usableConsensus() }
        }

        @Test("a round interrupted after signing resumes after a restart from the database")
        func resumeAfterCrash() async throws {
            let network = try await DirectoryTestNetwork(authorities: 1)
            defer { Task { await network.stop() } }
            try await network.admitOperator()
            let round = network.nextRound()
            let authority = try #require(network.authorities[0])
            try await authority.vote(validAfter: round)
            // "Crash" between the vote and the signature: a new process opens the same database.
            await network.stopAuthority(0)
            try await network.startAuthority(0)
            let restarted = try #require(network.authorities[0])
            #expect(try await restarted.computeAndSign(validAfter: round))
            #expect(try await restarted.publishIfSigned(validAfter: round))
            let served = try await network.http.get(network.addresses[0], path: DirectoryPaths.consensus)
            #expect(try Consensus.verify(served.body, genesis: network.genesis).document.period.validAfter == round)
        }

        @Test("a guard using the member set admits an admitted member's device and refuses others")
        func guardMembership() async throws {
            let network = try await DirectoryTestNetwork(authorities: 1)
            defer { Task { await network.stop() } }
            let members = MemberSetClient(
                genesis: network.genesis, authorities: network.addresses, http: network.http, logger: network.logger)
            let member = Ed25519.SigningKey()
            #expect(
                try await network.http.post(
                    network.addresses[0], path: DirectoryPaths.governance,
                    body: try network.admitAction(member.publicKey, roles: [.member])
                ).status == 200)
            #expect(try await members.refresh() == 1)
            #expect(members.isAdmitted(MemberCertificate.memberID(of: member.publicKey)))
            #expect(!members.isAdmitted(MemberCertificate.memberID(of: Ed25519.SigningKey().publicKey)))
            #expect(try await members.refresh() == 0)  // incremental: nothing new

            let guardRelay = try await RelayServer.start(
                configuration: RelayConfiguration(nickname: "guard", admitMember: { members.isAdmitted($0) }),
                eventLoop: network.group.next(), threadPool: NIOThreadPool.singleton, logger: network.logger)
            defer { Task { await guardRelay.stop() } }
            try await dialAsMember(member, to: guardRelay)
            await #expect(throws: (any Error).self) { try await dialAsMember(Ed25519.SigningKey(), to: guardRelay) }
        }

        /// Opens a link to `relay` with a device certificate of `member`, then closes it.
        func dialAsMember(_ member: Ed25519.SigningKey, to relay: RelayServer) async throws {
            let device = X25519.PrivateKey()
            let now = UInt64(Date().timeIntervalSince1970)
            let payload = LinkCertificate.devicePayload(
                member: member, deviceKey: device.publicKey, validFrom: now - 10, validUntil: now + 3600)
            let credentials = LinkCredentials(staticKey: device, payload: payload) { payload, key in
                try LinkCertificate.verifyResponder(payload, staticKey: key, now: now)
            }
            let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
            let address = try SocketAddress(ipAddress: "127.0.0.1", port: relay.port)
            let linkKey = relay.configuration.linkKey.publicKey
            let link = try await eventLoop.flatSubmit {
                LinkBootstrap.dial(
                    address: address, responderKey: linkKey, credentials: credentials, delegate: NullDelegate(),
                    eventLoop: eventLoop, timeout: .seconds(5))
            }.get()
            // The responder refuses in msg3 processing; give it a moment to close a refused link.
            try await Task.sleep(for: .milliseconds(200))
            let open = try await eventLoop.submit { link.channel.isActive }.get()
            try await eventLoop.submit { link.close() }.get()
            guard open else { throw LinkError(.notAuthorized, "the guard closed the link") }
        }
    }
}

final class NullDelegate: CellLinkDelegate {
    func linkEstablished(_ link: CellLink) {}
    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer) {}
    func linkReadBurstFinished(_ link: CellLink) {}
    func linkClosed(_ link: CellLink, error: (any Error)?) {}
    func linkWritabilityChanged(_ link: CellLink) {}
    func shouldRead(_ link: CellLink) -> Bool { true }
}
