import Foundation
import SuretyCrypto
import SuretyDirectory
import SuretyDirectoryClient
import SuretyDocuments
import SuretyWire
import Synchronization
import Testing

extension DirectoryTests {
    @Suite("Directory authorities over loopback HTTP")
    struct DirectoryNetworkTests {
        @Test("3 authorities produce a consensus of 6 reachable relays; 2 of 3 still do; 1 of 3 does not")
        func consensusRounds() async throws {
            let network = try await DirectoryTestNetwork()
            defer { Task { await network.stop() } }
            try await network.admitOperator()
            try await network.startRelays()
            await network.testReachability()

            // All three up.
            let first = network.nextRound()
            #expect(try await network.runRound(first) == [true, true, true])
            let client = network.consensusClient()
            let consensus = try await client.refresh().document
            #expect(consensus.period.validAfter == first)
            #expect(consensus.relays.count == 6)
            #expect(
                consensus.relays.allSatisfy {
                    $0.flags.isSuperset(of: [.running, .valid, .fast, .stable, .guardRelay])
                })
            #expect(consensus.relays.filter { $0.flags.contains(.exit) }.count == 2)
            #expect(consensus.voters.count == 3)
            #expect(consensus.membership.count == 1)
            let directory = ConsensusRelayDirectory(client: client)
            #expect(try directory.usableRelays().count == 6)
            // Every authority serves the same bytes.
            var served: Set<[UInt8]> = []
            for address in network.addresses {
                served.insert(try await network.http.get(address, path: DirectoryPaths.consensus).body)
            }
            #expect(served.count == 1)

            // One authority down: still a consensus, with two signatures.
            await network.stopAuthority(2)
            let second = first + network.interval
            #expect(try await network.runRound(second) == [true, true])
            let afterOneDown = try await client.refresh()
            #expect(afterOneDown.document.period.validAfter == second)
            #expect(afterOneDown.signers.count == 2)
            #expect(afterOneDown.document.relays.count == 6)

            // Two down: no new consensus; the client keeps the old one until valid-until, then refuses.
            await network.stopAuthority(1)
            let third = second + network.interval
            #expect(try await network.runRound(third) == [false])
            #expect(try await client.refresh().document.period.validAfter == second)
            #expect(try client.usableConsensus().period.validAfter == second)
            let late = network.consensusClient(clock: {
                second + UInt64(network.genesis.parameters.consensusLifetime) + 1
            })
            await #expect(throws: DirectoryClientError.self) { try await late.refresh() }
            let time = Mutex(second + 1)
            let expiring = network.consensusClient(clock: { time.withLock { $0 } })
            try await expiring.refresh()
            #expect(try expiring.usableConsensus().period.validAfter == second)
            time.withLock { $0 = second + UInt64(network.genesis.parameters.consensusLifetime) }
            #expect(throws: DirectoryClientError(.consensusExpired, "")) { try expiring.usableConsensus() }
            #expect(throws: DirectoryClientError(.consensusExpired, "")) {
                try ConsensusRelayDirectory(client: expiring).usableRelays()
            }
        }

        @Test("bad input gets a specific 4xx JSON error and changes nothing")
        func rejections() async throws {
            let network = try await DirectoryTestNetwork(authorities: 1)
            defer { Task { await network.stop() } }
            let address = network.addresses[0]
            let http = network.http
            try await network.admitOperator()
            try await network.startRelays(count: 1, exits: 0)
            let relay = network.relays[0]
            let publisher = network.publisher(for: relay, identity: network.relayKeys[0], isExit: false)

            // A descriptor signed by another key than its identity.
            let good = try publisher.signedDescriptor()
            let envelope = try SignedEnvelope(decoding: good)
            let forged = try DocumentSigning.sign(
                try CanonicalDecoder.decode(RelayDescriptor.self, from: envelope.body), with: [Ed25519.SigningKey()])
            var response = try await http.post(address, path: DirectoryPaths.descriptors, body: try forged.encoded())
            #expect(response.status == 403 && errorCode(response) == "bad_signature")

            // Altered after signing (one byte of the nickname).
            var altered = good
            let nickname = Array("relay0".utf8)
            if let index = (0..<(altered.count - nickname.count)).first(where: {
                Array(altered[$0..<$0 + nickname.count]) == nickname
            }) {
                altered[index] = UInt8(ascii: "R")
            }
            response = try await http.post(address, path: DirectoryPaths.descriptors, body: altered)
            #expect(response.status == 403 && errorCode(response) == "bad_signature")

            // Garbage.
            response = try await http.post(address, path: DirectoryPaths.descriptors, body: [1, 2, 3])
            #expect(response.status == 400 && errorCode(response) == "malformed")

            // Oversized.
            response = try await http.post(
                address, path: DirectoryPaths.descriptors,
                body: [UInt8](repeating: 0, count: RelayDescriptor.maximumSize + 1))
            #expect(response.status == 413 && errorCode(response) == "body_too_large")

            // Replay of an older descriptor after a newer one was accepted.
            try await Task.sleep(for: .seconds(1.1))
            let newer = try publisher.signedDescriptor()
            response = try await http.post(address, path: DirectoryPaths.descriptors, body: newer)
            #expect(response.status == 200)
            response = try await http.post(address, path: DirectoryPaths.descriptors, body: good)
            #expect(response.status == 409 && errorCode(response) == "stale_descriptor")

            // An operator nobody admitted.
            let stranger = DescriptorPublisher(
                identityKey: Ed25519.SigningKey(),
                template: .init(
                    nickname: "stranger", linkKey: X25519.PrivateKey().publicKey,
                    onionKey: X25519.PrivateKey().publicKey,
                    addresses: [try RelayAddress(ipv4: "127.0.0.1", port: 9)], declaredBandwidth: 1,
                    operatorID: MemberCertificate.memberID(of: Ed25519.SigningKey().publicKey)),
                authorities: [address], http: http, logger: network.logger)
            response = try await http.post(
                address, path: DirectoryPaths.descriptors, body: try stranger.signedDescriptor())
            #expect(response.status == 403 && errorCode(response) == "operator_not_admitted")

            // Governance: one admin signature, outsiders, a replay.
            let member = Ed25519.SigningKey().publicKey
            response = try await http.post(
                address, path: DirectoryPaths.governance, body: try network.admitAction(member, signers: 1))
            #expect(response.status == 403 && errorCode(response) == "insufficient_signatures")
            let action = try network.admitAction(member)
            response = try await http.post(address, path: DirectoryPaths.governance, body: action)
            #expect(response.status == 200)
            response = try await http.post(address, path: DirectoryPaths.governance, body: action)
            #expect(response.status == 409 && errorCode(response) == "duplicate_action")

            // Consensus signatures for a round this authority has not computed, and by outsiders.
            let outsider = Ed25519.SigningKey()
            let fakeSignature = DocumentSignature(
                keyID: DocumentSigning.keyID(outsider.publicKey), signature: Bytes64(repeating: 0))
            let authoritySignature = DocumentSignature(
                keyID: DocumentSigning.keyID(network.genesis.authorities[0].identity), signature: Bytes64(repeating: 0))
            for (signature, status, code) in [
                (fakeSignature, 403, "not_an_authority"), (authoritySignature, 409, "not_ready"),
            ] {
                let message = ConsensusSignatures(
                    validAfter: network.nextRound(), consensusID: Bytes32(repeating: 9),
                    signatures: try SignatureBlock([signature]))
                response = try await http.post(
                    address, path: DirectoryPaths.signatures, body: try CanonicalEncoder.encode(message))
                #expect(response.status == status && errorCode(response) == code)
            }

            // Votes from outsiders, unknown routes, bad parameters.
            response = try await http.post(address, path: DirectoryPaths.votes, body: try forged.encoded())
            #expect(response.status == 400 && errorCode(response) == "wrong_document_type")
            response = try await http.get(address, path: "/v1/nothing-here")
            #expect(response.status == 404 && errorCode(response) == "not_found")
            response = try await http.get(address, path: "/v1/consensus/diff/zz")
            #expect(response.status == 400 && errorCode(response) == "malformed")
            response = try await http.get(address, path: "/v1/members?since=abc")
            #expect(response.status == 400 && errorCode(response) == "malformed")

            // Members are served, with the resume position.
            response = try await http.get(address, path: DirectoryPaths.members)
            let bundle = try DocumentBundle(decoding: response.body)
            #expect(bundle.envelopes.count == 2)
            response = try await http.get(address, path: "\(DirectoryPaths.members)?since=\(bundle.nextPosition ?? 0)")
            #expect(try DocumentBundle(decoding: response.body).envelopes.isEmpty)
            response = try await http.get(address, path: DirectoryPaths.health)
            #expect(response.status == 200)
        }

        @Test("a client rejects a forged, altered or outsider-signed consensus from an authority")
        func clientRejectsBadConsensus() async throws {
            let network = try await DirectoryTestNetwork(authorities: 3)
            defer { Task { await network.stop() } }
            try await network.admitOperator()
            try await network.startRelays(count: 2, exits: 1)
            await network.testReachability()
            let round = network.nextRound()
            #expect(try await network.runRound(round) == [true, true, true])
            let good = try await network.http.get(network.addresses[0], path: DirectoryPaths.consensus).body
            let verified = try Consensus.verify(good, genesis: network.genesis)

            // Outsider keys, one genesis signature only, an altered body under valid signatures.
            let outsiders = try DocumentSigning.sign(
                verified.document, with: [Ed25519.SigningKey(), Ed25519.SigningKey()])
            let single = try DocumentSigning.sign(verified.document, with: [network.ceremony.authorityKeys[0]!])
            var changed = verified.document
            changed.relays[0].weight += 1
            let altered = try SignedEnvelope(document: changed, signatures: verified.envelope.signatures)
            for bad in [try outsiders.encoded(), try single.encoded(), try altered.encoded()] {
                #expect(throws: WireError.self) { try Consensus.verify(bad, genesis: network.genesis) }
            }
            // Served by an authority instead of the real one, the client skips it and names why.
            let fakeStore = try SQLiteDirectoryStore(path: "\(network.directory)/authority0.sqlite")
            try await fakeStore.putConsensus(
                validAfter: round + 1, id: [UInt8](repeating: 1, count: 32), envelope: try outsiders.encoded())
            let client = ConsensusClient(
                genesis: network.genesis, authorities: [network.addresses[0]], http: network.http,
                logger: network.logger)
            do {
                try await client.refresh()
                Issue.record("a consensus signed by outsiders was accepted")
            } catch let error as DirectoryClientError {
                #expect(error.code == .noConsensus)
                #expect(error.message.contains("signatures"))
            }
        }

        @Test("state survives a restart: members, descriptors and the consensus are still served")
        func restart() async throws {
            let network = try await DirectoryTestNetwork(authorities: 1)
            defer { Task { await network.stop() } }
            try await network.admitOperator()
            try await network.startRelays(count: 2, exits: 1)
            await network.testReachability()
            let round = network.nextRound()
            #expect(try await network.runRound(round) == [true])
            let before = try await network.http.get(network.addresses[0], path: DirectoryPaths.consensus).body
            await network.stopAuthority(0)
            try await network.startAuthority(0)
            let after = try await network.http.get(network.addresses[0], path: DirectoryPaths.consensus).body
            #expect(after == before)
            let members = try await network.http.get(network.addresses[0], path: DirectoryPaths.members).body
            #expect(try DocumentBundle(decoding: members).envelopes.count == 1)
            let descriptors = try await network.http.get(network.addresses[0], path: DirectoryPaths.descriptors).body
            #expect(try DocumentBundle(decoding: descriptors).envelopes.count == 2)
            // The round is already published: running it again changes nothing.
            #expect(try await network.runRound(round) == [true])
            #expect(try await network.http.get(network.addresses[0], path: DirectoryPaths.consensus).body == before)
        }

        @Test("consensus diff reproduces the newer consensus")
        func diff() async throws {
            let network = try await DirectoryTestNetwork(authorities: 1)
            defer { Task { await network.stop() } }
            try await network.admitOperator()
            try await network.startRelays(count: 3, exits: 1)
            await network.testReachability()
            let round = network.nextRound()
            #expect(try await network.runRound(round) == [true])
            let old = try Consensus.verify(
                try await network.http.get(network.addresses[0], path: DirectoryPaths.consensus).body,
                genesis: network.genesis)
            try await network.startRelays(count: 1, exits: 0)
            await network.testReachability()
            #expect(try await network.runRound(round + network.interval) == [true])
            let oldID = HexString.encode(try DocumentSigning.documentID(of: old.envelope).bytes)
            let response = try await network.http.get(
                network.addresses[0], path: DirectoryPaths.consensusDiff(fromHex: oldID))
            #expect(response.status == 200)
            let diff = try CanonicalDecoder.decode(ConsensusDiff.self, from: response.body)
            #expect(diff.upserted.count == 1 && diff.removed.isEmpty)
            let rebuilt = try diff.apply(to: old.document)
            let verified = try Consensus.verify(try rebuilt.encoded(), genesis: network.genesis)
            #expect(verified.document.relays.count == 4)
        }
    }
}
