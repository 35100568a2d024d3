import SuretyCrypto
import SuretyWire
import Testing

@testable import SuretyDocuments

@Suite("Consensus computation and verification")
struct ConsensusTests {
    /// Six relays, two exits; every authority lists all of them with the same flags.
    func sixRelays(_ fixture: Fixture) throws -> [(
        identity: Ed25519.SigningKey, descriptor: SignedEnvelope, flags: RelayFlags
    )] {
        try (1...6).map { index in
            let key = Ed25519.SigningKey()
            let exit = index > 4
            var flags: RelayFlags = [.running, .valid, .fast, .stable, .guardRelay]
            if exit { flags.insert(.exit) }
            return (
                key,
                try fixture.descriptor(
                    nickname: "relay\(index)", identity: key, port: UInt16(5000 + index), exit: exit), flags
            )
        }
    }

    @Test("the same votes in any order give byte-identical consensus documents")
    func determinism() throws {
        let fixture = try Fixture()
        let relays = try sixRelays(fixture)
        let votes = (0..<3).map { fixture.vote(by: $0, relays: relays) }
        let reference = try CanonicalEncoder.encode(
            ConsensusBuilder.build(votes: votes, genesis: fixture.genesis, period: fixture.period))
        for order in [[2, 1, 0], [1, 0, 2], [0, 2, 1]] {
            let consensus = try ConsensusBuilder.build(
                votes: order.map { votes[$0] }, genesis: fixture.genesis, period: fixture.period)
            #expect(try CanonicalEncoder.encode(consensus) == reference)
        }
        let consensus = try CanonicalDecoder.decode(Consensus.self, from: reference)
        #expect(consensus.relays.count == 6)
        #expect(consensus.relays.filter { $0.flags.contains(.exit) }.count == 2)
        #expect(consensus.relays.allSatisfy { $0.weight == 1_000_001 })  // lower median of 1_000_000…2
        #expect(consensus.voters.count == 3)
    }

    @Test("two of three votes suffice; one does not")
    func majorityOfVotes() throws {
        let fixture = try Fixture()
        let relays = try sixRelays(fixture)
        let two = try ConsensusBuilder.build(
            votes: [fixture.vote(by: 0, relays: relays), fixture.vote(by: 2, relays: relays)], genesis: fixture.genesis,
            period: fixture.period)
        #expect(two.relays.count == 6)
        #expect(throws: DocumentError.self) {
            try ConsensusBuilder.build(
                votes: [fixture.vote(by: 1, relays: relays)], genesis: fixture.genesis, period: fixture.period)
        }
    }

    @Test("a relay listed by a minority, or with a forged descriptor, is left out; flags need a majority")
    func inclusionRules() throws {
        let fixture = try Fixture()
        var relays = try sixRelays(fixture)
        let onlyOne = relays.removeLast()
        // Relay 0: only authority 0 says Guard → no Guard.
        var votes = (0..<3).map { fixture.vote(by: $0, relays: relays) }
        votes[0].relays[0].flags.insert(.badExit)
        votes[0].relays.append(
            VoteRelay(
                identity: onlyOne.identity.publicKey.rawRepresentation, descriptor: onlyOne.descriptor,
                flags: onlyOne.flags, measuredBandwidth: 1))
        // Relay 1's descriptor re-signed by another key in every vote: dropped.
        let forged = try DocumentSigning.sign(
            try CanonicalDecoder.decode(RelayDescriptor.self, from: relays[1].descriptor.body),
            with: [Ed25519.SigningKey()])
        for index in votes.indices { votes[index].relays[1].descriptor = forged }
        let consensus = try ConsensusBuilder.build(votes: votes, genesis: fixture.genesis, period: fixture.period)
        #expect(consensus.relays.count == 4)
        #expect(consensus.relay(onlyOne.identity.publicKey) == nil)
        #expect(consensus.relay(relays[1].identity.publicKey) == nil)
        #expect(consensus.relays.allSatisfy { !$0.flags.contains(.badExit) })
    }

    @Test("votes for another period or by a non-authority are refused")
    func inconsistentVotes() throws {
        let fixture = try Fixture()
        var stranger = fixture.vote(by: 0, relays: [])
        stranger.authority = Ed25519.SigningKey().publicKey
        #expect(throws: DocumentError.self) {
            try ConsensusBuilder.build(
                votes: [stranger, fixture.vote(by: 1, relays: [])], genesis: fixture.genesis, period: fixture.period)
        }
        var late = fixture.vote(by: 0, relays: [])
        late.period = ConsensusPeriod(validAfter: fixture.period.validAfter + 60, parameters: .testnet)
        #expect(throws: DocumentError.self) {
            try ConsensusBuilder.build(
                votes: [late, fixture.vote(by: 1, relays: [])], genesis: fixture.genesis, period: fixture.period)
        }
    }

    @Test(
        "a consensus needs a majority of genesis authority signatures; forged, altered or outsider-signed is rejected")
    func consensusSignatures() throws {
        let fixture = try Fixture()
        let relays = try sixRelays(fixture)
        let consensus = try ConsensusBuilder.build(
            votes: (0..<3).map { fixture.vote(by: $0, relays: relays) }, genesis: fixture.genesis,
            period: fixture.period)
        let keys = fixture.authorityKeys
        let signed = try DocumentSigning.sign(consensus, with: [keys[0], keys[2]])
        #expect(try Consensus.verify(try signed.encoded(), genesis: fixture.genesis).document == consensus)

        let one = try DocumentSigning.sign(consensus, with: [keys[1]])
        #expect(throws: WireError.self) { try Consensus.verify(try one.encoded(), genesis: fixture.genesis) }

        let outsiders = try DocumentSigning.sign(
            consensus, with: [Ed25519.SigningKey(), Ed25519.SigningKey(), keys[0]])
        #expect(throws: WireError.self) { try Consensus.verify(try outsiders.encoded(), genesis: fixture.genesis) }

        // Altered: the first relay's weight changed after signing.
        var altered = consensus
        altered.relays[0].weight += 1
        let alteredEnvelope = try SignedEnvelope(document: altered, signatures: signed.signatures)
        #expect(throws: WireError.self) {
            try Consensus.verify(try alteredEnvelope.encoded(), genesis: fixture.genesis)
        }

        // A vote signature is not a consensus signature (different domain).
        let voteSigned = try DocumentSigning.sign(fixture.vote(by: 0, relays: relays), with: [keys[0]])
        #expect(throws: WireError.self) { try Consensus.verify(try voteSigned.encoded(), genesis: fixture.genesis) }
    }

    @Test("consensus time checks")
    func periodChecks() throws {
        let period = ConsensusPeriod(validAfter: 1000, parameters: .testnet)
        #expect(period.freshUntil == 1060 && period.validUntil == 1600)
        try period.check(at: 1000)
        try period.check(at: 800)
        #expect(throws: DocumentError.self) { try period.check(at: 600) }
        #expect(throws: DocumentError.self) { try period.check(at: 1900) }
        #expect(throws: DocumentError.self) { try period.check(at: 1600) }
        try period.check(at: 1599)
    }
}
