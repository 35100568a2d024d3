import SuretyCrypto
import SuretyWire

/// Combines the authorities' votes into the consensus body: a pure function of the set of votes,
/// so every authority holding the same votes computes byte-identical consensus documents and
/// their signatures combine (Docs/SPEC-DOCUMENTS.md §D.9).
///
/// Rules, with V the number of votes used and L the number of votes listing a relay:
/// - at least ⌊n/2⌋ + 1 votes of distinct genesis authorities for the same period are needed;
/// - a relay is listed iff 2·L > V and its descriptor signature verifies;
/// - its descriptor is the one most votes hold (ties: later `published`, then the smaller id);
/// - a flag is set iff 2·(votes setting it) > L;
/// - the weight is the lower median of the measured bandwidths;
/// - membership summary, governance log head and parameters are the value most votes carry
///   (ties: the smallest encoding), so one stale authority cannot change them.
public enum ConsensusBuilder {
    public static func build(votes: [Vote], genesis: Genesis, period: ConsensusPeriod) throws -> Consensus {
        let authorityKeys = Set(genesis.authorities.map { $0.identity.rawRepresentation })
        var seen = Set<[UInt8]>()
        var used: [Vote] = []
        for vote in votes.sorted(by: {
            $0.authority.rawRepresentation.lexicographicallyPrecedes($1.authority.rawRepresentation)
        }) {
            let key = vote.authority.rawRepresentation
            guard authorityKeys.contains(key) else {
                throw DocumentError(.notAuthorized, "a vote is by \(vote.authority), not a genesis authority")
            }
            guard seen.insert(key).inserted else {
                throw DocumentError(.inconsistent, "two votes by \(vote.authority)")
            }
            guard vote.period == period else {
                throw DocumentError(
                    .inconsistent, "a vote is for valid-after \(vote.period.validAfter), not \(period.validAfter)")
            }
            used.append(vote)
        }
        guard used.count >= genesis.majority else {
            throw DocumentError(
                .insufficientSignatures,
                "\(used.count) votes for valid-after \(period.validAfter); a consensus needs \(genesis.majority)")
        }

        // identity → the entries of the votes that list it (a vote listing one relay twice cannot
        // decode: vote relays are strictly ascending).
        var listings: [[UInt8]: [VoteRelay]] = [:]
        for vote in used {
            for relay in vote.relays { listings[relay.identity, default: []].append(relay) }
        }
        var verifiedDescriptors: [SignedEnvelope: (RelayDescriptor, [UInt8])?] = [:]
        func descriptor(_ relay: VoteRelay) -> (RelayDescriptor, [UInt8])? {
            if let cached = verifiedDescriptors[relay.descriptor] { return cached }
            let result = try? verifyDescriptor(relay)
            verifiedDescriptors[relay.descriptor] = .some(result)
            return result
        }

        var entries: [ConsensusRelay] = []
        for identity in listings.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let listed = listings[identity] ?? []
            guard 2 * listed.count > used.count else { continue }
            // Choose the descriptor: most votes, then latest published, then smallest id.
            var byID: [[UInt8]: (descriptor: RelayDescriptor, count: Int)] = [:]
            for relay in listed {
                guard let (document, id) = descriptor(relay) else { continue }
                byID[id, default: (document, 0)].count += 1
            }
            let best = byID.max { a, b in
                if a.value.count != b.value.count { return a.value.count < b.value.count }
                if a.value.descriptor.published != b.value.descriptor.published {
                    return a.value.descriptor.published < b.value.descriptor.published
                }
                return b.key.lexicographicallyPrecedes(a.key)  // the smaller id is "larger" here
            }
            guard let best else { continue }
            var flags = RelayFlags()
            for (flag, _) in RelayFlags.named where 2 * listed.filter({ $0.flags.contains(flag) }).count > listed.count
            {
                flags.insert(flag)
            }
            let bandwidths = listed.map(\.measuredBandwidth).sorted()
            let weight = bandwidths[(bandwidths.count - 1) / 2]
            entries.append(
                ConsensusRelay(descriptor: best.value.descriptor, descriptorID: best.key, flags: flags, weight: weight))
        }

        return Consensus(
            period: period, relays: entries,
            membership: try mostCommon(used.map(\.membership)) { try encode($0.root, $0.count) },
            governanceLog: try mostCommon(used.map(\.governanceLog)) { try encode($0.head, $0.size) },
            parameters: try mostCommon(used.map(\.parameters)) { try CanonicalEncoder.encode($0) },
            voters: used.map { $0.authority.rawRepresentation },
            governanceAppends: governanceAppends(used))
    }

    /// The pending governance actions listed by more than half of the votes used (the same rule
    /// as relays: one authority alone cannot put an action into the log's order, and an action
    /// that reached only a minority waits for the next round). Docs/SPEC-GOVERNANCE.md §G.4.
    static func governanceAppends(_ votes: [Vote]) -> [Bytes32] {
        var counts: [Bytes32: Int] = [:]
        for vote in votes {
            for id in Set(vote.pendingActions) { counts[id, default: 0] += 1 }
        }
        return counts.filter { 2 * $0.value > votes.count }.keys.sorted()
    }

    /// The descriptor of a vote entry if its signature verifies by the identity the entry names.
    static func verifyDescriptor(_ relay: VoteRelay) throws -> (RelayDescriptor, [UInt8]) {
        let key = try Bytes32(relay.identity)
        let verified = try Unverified<RelayDescriptor>(envelope: relay.descriptor)
            .verify(policy: .single(key), using: DocumentSigning.verifier)
        guard verified.document.identity.rawRepresentation == relay.identity else {
            throw DocumentError(.invalidField, "descriptor identity differs from the vote entry")
        }
        return (verified.document, try DocumentSigning.documentID(of: relay.descriptor).bytes)
    }

    /// The value with the most occurrences; ties broken by the smallest encoding.
    static func mostCommon<T: Hashable>(_ values: [T], encoding: (T) throws -> [UInt8]) throws -> T {
        var counts: [T: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        var best: (value: T, count: Int, bytes: [UInt8])?
        for (value, count) in counts {
            let bytes = try encoding(value)
            if let current = best,
                current.count > count || (current.count == count && !bytes.lexicographicallyPrecedes(current.bytes))
            {
                continue
            }
            best = (value, count, bytes)
        }
        guard let best else { throw DocumentError(.inconsistent, "no votes") }
        return best.value
    }

    private static func encode(_ bytes: [UInt8], _ count: UInt64) throws -> [UInt8] {
        var out = bytes
        count.appendCanonicalValue(to: &out)
        return out
    }
}
