public import ServiceLifecycle
import SuretyDocuments
import SuretyWire

/// Runs the voting protocol on the clock (Docs/SPEC-DOCUMENTS.md §D.9) and the reachability tests
/// between rounds, as a swift-service-lifecycle `Service` that stops on graceful shutdown.
///
/// For the next round V: vote at V − lead, sign at V − lead/2, then try to publish every tick
/// until V + interval/2. When no valid consensus exists (a new network, or after an outage) the
/// round already under way is voted on at once, so a network bootstraps within seconds.
/// Every step is idempotent and reads the store, so a restart in the middle of a round resumes it.
public struct VotingScheduler: Service {
    public let authority: DirectoryAuthority
    /// Seconds between scheduler ticks.
    public var tick: Duration
    /// Seconds between reachability sweeps (default: a quarter of the voting interval).
    public var reachabilityInterval: UInt64?

    public init(authority: DirectoryAuthority, tick: Duration = .seconds(1), reachabilityInterval: UInt64? = nil) {
        self.authority = authority
        self.tick = tick
        self.reachabilityInterval = reachabilityInterval
    }

    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await runReachability() }
            group.addTask { await runVoting() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Reachability sweeps in their own task, so slow probes never delay a voting step.
    func runReachability() async {
        let interval = UInt64(authority.configuration.genesis.parameters.votingInterval)
        let every = reachabilityInterval ?? max(1, interval / 4)
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            await authority.testReachability()
            try? await Task.sleep(for: .seconds(Int64(every)))
        }
    }

    func runVoting() async {
        let parameters = authority.configuration.genesis.parameters
        let interval = UInt64(parameters.votingInterval)
        let lead = UInt64(parameters.voteLead)
        var voted = Set<UInt64>()
        var signed = Set<UInt64>()
        var published = Set<UInt64>()
        let start = authority.configuration.clock()
        // Bootstrap: a round already under way with nothing valid to serve is voted on at once.
        var bootstrapRound: UInt64?
        if await !authority.hasUsableConsensus() {
            bootstrapRound = start - start % interval
            // Test the relays first, so the bootstrap vote already knows which are Running.
            await authority.testReachability()
        }

        while !Task.isCancelled {
            let now = authority.configuration.clock()
            let next = now - now % interval + interval
            var rounds: [(validAfter: UInt64, voteAt: UInt64, signAt: UInt64)] = [
                (next, next - lead, next - lead / 2)
            ]
            if let round = bootstrapRound, now < round + interval {
                rounds.insert((round, start, start + lead / 2), at: 0)
            }
            // The round that just started may still gather late signatures.
            let current = next - interval
            if current != bootstrapRound, !published.contains(current) {
                rounds.insert((current, current - lead, current - lead / 2), at: 0)
            }
            for round in rounds {
                if now >= round.voteAt, !voted.contains(round.validAfter), round.validAfter + interval / 2 > now {
                    voted.insert(round.validAfter)
                    try? await authority.vote(validAfter: round.validAfter)
                }
                if now >= round.signAt, voted.contains(round.validAfter), !signed.contains(round.validAfter) {
                    signed.insert(round.validAfter)
                    _ = try? await authority.computeAndSign(validAfter: round.validAfter)
                }
                if signed.contains(round.validAfter), !published.contains(round.validAfter),
                    now < round.validAfter + interval / 2
                {
                    if (try? await authority.publishIfSigned(validAfter: round.validAfter)) == true {
                        published.insert(round.validAfter)
                        if round.validAfter == bootstrapRound { bootstrapRound = nil }
                    }
                }
            }
            voted = voted.filter { $0 + 2 * interval > now }
            signed = signed.filter { $0 + 2 * interval > now }
            published = published.filter { $0 + 2 * interval > now }
            try? await Task.sleep(for: tick)
            if Task.isShuttingDownGracefully { return }
        }
    }
}

extension DirectoryAuthority {
    /// Whether a published consensus is valid now.
    public func hasUsableConsensus() async -> Bool {
        guard let latest = try? await store.latestConsensus(),
            let envelope = try? Unverified<Consensus>(decoding: latest.envelope)
        else { return false }
        return now < envelope.unverifiedDocument.period.validUntil
    }
}
