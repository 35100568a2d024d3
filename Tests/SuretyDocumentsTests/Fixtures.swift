import SuretyCrypto
import SuretyDocuments
import SuretyWire

/// A testnet genesis with 3 authorities and 3 admins (k = 2), plus relay descriptors and votes.
struct Fixture {
    let ceremony: GenesisCeremony.Result
    var genesis: Genesis { ceremony.genesis }
    var authorityKeys: [Ed25519.SigningKey] { ceremony.authorityKeys.compactMap { $0 } }
    var adminKeys: [Ed25519.SigningKey] { ceremony.adminKeys.compactMap { $0 } }
    let operatorKey = Ed25519.SigningKey()
    let now: UInt64 = 1_800_000_000

    init(authorities: Int = 3) throws {
        ceremony = try GenesisCeremony.run(
            networkName: "surety-test", isTestnet: true,
            authorities: (1...authorities).map { .init(name: "auth\($0)", address: "127.0.0.1:\(9000 + $0)") },
            admins: (1...3).map { .init(name: "admin\($0)") }, threshold: 2, parameters: .testnet,
            created: 1_800_000_000)
    }

    var period: ConsensusPeriod { ConsensusPeriod(validAfter: now - now % 60, parameters: .testnet) }

    func descriptor(
        nickname: String, identity: Ed25519.SigningKey, port: UInt16, exit: Bool = false, published: UInt64? = nil
    ) throws -> SignedEnvelope {
        let document = try RelayDescriptor(
            identity: identity.publicKey, linkKey: X25519.PrivateKey().publicKey,
            onionKey: X25519.PrivateKey().publicKey, nickname: nickname,
            addresses: [try RelayAddress(ipv4: "127.0.0.1", port: port)], published: published ?? now - 10,
            exitPolicy: exit ? try ExitPolicy(["accept *:80", "accept *:443", "reject *:*"]) : .rejectAll,
            declaredBandwidth: 1_000_000, operatorID: MemberCertificate.memberID(of: operatorKey.publicKey),
            wantsExit: exit, platform: "surety test")
        return try DocumentSigning.sign(document, with: [identity])
    }

    func vote(
        by index: Int, relays: [(identity: Ed25519.SigningKey, descriptor: SignedEnvelope, flags: RelayFlags)]
    ) -> Vote {
        Vote(
            authority: authorityKeys[index].publicKey, period: period, published: now,
            relays: relays.map {
                VoteRelay(
                    identity: $0.identity.publicKey.rawRepresentation, descriptor: $0.descriptor, flags: $0.flags,
                    measuredBandwidth: 1_000_000 + UInt64(index))
            },
            membership: MembershipSummary(root: MerkleTree.root(of: []), count: 0), governanceLog: .empty,
            parameters: .testnet)
    }
}
