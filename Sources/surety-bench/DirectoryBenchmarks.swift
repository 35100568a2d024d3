import Foundation
import SuretyCrypto
import SuretyDocuments
import SuretyWire

/// Issue 5 §6 (first part): consensus computation for 10,000 relays from 3 votes, the membership
/// root over 1,000,000 members, and the diff for 1% relay churn. Times are printed next to a
/// same-run reference (BLAKE2b over the same bytes), sizes in bytes (uncompressed; compression is
/// left to HTTP).
enum DirectoryBenchmarks {
    static func run(relays relayCount: Int = 10_000, members memberCount: Int = 1_000_000) throws {
        Bench.header("directory: consensus of \(relayCount) relays from 3 votes, \(memberCount) members")
        let ceremony = try GenesisCeremony.run(
            networkName: "bench", isTestnet: true,
            authorities: (1...3).map { .init(name: "a\($0)", address: "127.0.0.1:\(7000 + $0)") },
            admins: (1...3).map { .init(name: "m\($0)") }, threshold: 2, parameters: .testnet, created: 1_800_000_000)
        let operatorID = [UInt8](repeating: 7, count: 32)
        let period = ConsensusPeriod(validAfter: 1_800_000_000, parameters: .testnet)
        var entries: [VoteRelay] = []
        entries.reserveCapacity(relayCount)
        for index in 0..<relayCount {
            let identity = Ed25519.SigningKey()
            let descriptor = try RelayDescriptor(
                identity: identity.publicKey, linkKey: X25519.PrivateKey().publicKey,
                onionKey: X25519.PrivateKey().publicKey, nickname: "r\(index)",
                addresses: [
                    try RelayAddress(
                        ip: [10, UInt8(index >> 16 & 0xff), UInt8(index >> 8 & 0xff), UInt8(index & 0xff)], port: 9001)
                ],
                published: period.validAfter - 100, declaredBandwidth: UInt64(1_000_000 + index),
                operatorID: operatorID)
            entries.append(
                VoteRelay(
                    identity: identity.publicKey.rawRepresentation,
                    descriptor: try DocumentSigning.sign(descriptor, with: [identity]),
                    flags: [.running, .valid, .fast, .stable, .guardRelay], measuredBandwidth: UInt64(index)))
        }
        let keys = ceremony.authorityKeys.compactMap { $0 }
        let votes = keys.map { key in
            Vote(
                authority: key.publicKey, period: period, published: period.validAfter - 20, relays: entries,
                membership: MembershipSummary(root: MerkleTree.root(of: []), count: 0), governanceLog: .empty,
                parameters: .testnet)
        }
        let voteBytes = try CanonicalEncoder.encode(votes[0])

        let clock = ContinuousClock()
        var consensus: Consensus?
        let buildTime = try clock.measure {
            consensus = try ConsensusBuilder.build(votes: votes, genesis: ceremony.genesis, period: period)
        }
        guard let consensus else { return }
        let body = try CanonicalEncoder.encode(consensus)
        let hashTime = try clock.measure { _ = try BLAKE2b.hash(body, outputLength: 32) }
        print(
            "  vote: \(voteBytes.count) bytes; consensus body: \(body.count) bytes (\(body.count / relayCount) per relay)"
        )
        print(
            "  build (3 votes, \(relayCount) descriptor signatures checked): \(ms(buildTime)) ms"
                + String(format: "   %.0fx", seconds(buildTime) / max(seconds(hashTime), 1e-9))
                + " vs BLAKE2b of the consensus body (\(ms(hashTime)) ms)")

        // 1% churn: a hundredth of the relays replaced by others.
        var churned = consensus
        let changed = max(1, relayCount / 100)
        for index in 0..<changed { churned.relays[index].weight += 1 }
        let newEnvelope = try SignedEnvelope(document: churned)
        let diff = try CanonicalEncoder.encode(ConsensusDiff(from: consensus, to: churned, newEnvelope: newEnvelope))
        print(
            "  diff for 1% churn (\(changed) relays changed): \(diff.count) bytes, \(String(format: "%.1f", 100 * Double(diff.count) / Double(body.count)))% of the full body"
        )

        let leaves = (0..<memberCount).map { index -> [UInt8] in
            var leaf = [UInt8](repeating: 0, count: 64)
            withUnsafeBytes(of: UInt64(index).bigEndian) { leaf.replaceSubrange(0..<8, with: $0) }
            return leaf
        }
        let leafBytes = leaves.count * 64
        let rootTime = clock.measure { _ = MerkleTree.root(of: leaves) }
        let flat = leaves.flatMap { $0 }
        let flatHashTime = try clock.measure { _ = try BLAKE2b.hash(flat, outputLength: 32) }
        print(
            "  membership root over \(memberCount) members: \(ms(rootTime)) ms"
                + String(format: "   %.1fx", seconds(rootTime) / max(seconds(flatHashTime), 1e-9))
                + " vs one BLAKE2b over the \(leafBytes) leaf bytes (\(ms(flatHashTime)) ms)")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func ms(_ duration: Duration) -> String { String(format: "%.1f", seconds(duration) * 1000) }
}
