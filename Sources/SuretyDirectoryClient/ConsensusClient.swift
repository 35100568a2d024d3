public import Logging
import NIOConcurrencyHelpers
public import SuretyDocuments
public import SuretyWire

#if canImport(Glibc)
    import Glibc
#endif

/// Fetches the consensus from any authority, verifies the majority of genesis authority
/// signatures, checks its period, caches it on disk and keeps the newest (issue 5 §4).
///
/// Verification is the only source of trust: an authority (or a cache, later a relay) that serves
/// a forged, altered or outsider-signed consensus is simply skipped.
public final class ConsensusClient: Sendable {
    public let genesis: Genesis
    /// HTTP addresses of the authorities (default: the genesis addresses), tried in random order.
    public let authorities: [String]
    /// Where the newest verified consensus is cached (nil: no cache).
    public let cachePath: String?
    let http: DirectoryHTTPClient
    let logger: Logger
    let clock: @Sendable () -> UInt64
    private let latest = NIOLockedValueBox<Verified<Consensus>?>(nil)
    private let skewWarned = NIOLockedValueBox(false)

    public init(
        genesis: Genesis, authorities: [String]? = nil, cachePath: String? = nil, http: DirectoryHTTPClient = .init(),
        logger: Logger, clock: @escaping @Sendable () -> UInt64 = ConsensusClient.systemClock
    ) {
        self.genesis = genesis
        self.authorities = authorities ?? genesis.authorities.map(\.address)
        self.cachePath = cachePath
        self.http = http
        self.logger = logger
        self.clock = clock
    }

    /// Wall-clock Unix seconds.
    public static let systemClock: @Sendable () -> UInt64 = { UInt64(time(nil)) }

    /// The newest verified consensus held (fetched or loaded from the cache), whatever its age.
    public var current: Verified<Consensus>? { latest.withLockedValue { $0 } }

    /// Loads the cached consensus if it verifies and has not expired. Returns whether one was loaded.
    @discardableResult
    public func loadCache() -> Bool {
        guard let cachePath, let bytes = FileBytes.read(cachePath, limit: WireLimits.maxDocumentSize),
            let verified = try? Consensus.verify(bytes, genesis: genesis),
            clock() < verified.document.period.validUntil
        else { return false }
        adopt(verified)
        return true
    }

    /// Fetches from the authorities until one serves a consensus that verifies and is usable now
    /// and not older than the one held; stores and caches it. Throws `noConsensus` with every
    /// authority's reason otherwise.
    @discardableResult
    public func refresh() async throws -> Verified<Consensus> {
        var reasons: [String] = []
        for address in authorities.shuffled() {
            do {
                let response = try await http.get(address, path: DirectoryPaths.consensus)
                guard response.status == 200 else {
                    throw DirectoryClientError(.rejected, "HTTP \(response.status): \(response.errorText)")
                }
                let verified = try Consensus.verify(response.body, genesis: genesis)
                let now = clock()
                try verified.document.period.check(at: now)
                warnAboutSkew(verified.document.period, now: now)
                if let held = current, held.document.period.validAfter > verified.document.period.validAfter {
                    return held
                }
                adopt(verified)
                if let cachePath { FileBytes.write(cachePath, response.body) }
                return verified
            } catch {
                reasons.append("\(address): \(error)")
                logger.info("consensus fetch failed", metadata: ["authority": "\(address)", "error": "\(error)"])
            }
        }
        throw DirectoryClientError(
            .noConsensus, "no authority served a valid consensus (\(reasons.joined(separator: "; ")))")
    }

    /// The consensus to use now: throws `consensusExpired` (with the time) when the newest one held
    /// is past valid-until, `noConsensus` when there is none. Clients must not build circuits then.
    public func usableConsensus() throws -> Consensus {
        guard let held = current else {
            throw DirectoryClientError(.noConsensus, "no consensus yet: cannot reach any directory authority")
        }
        let now = clock()
        let period = held.document.period
        guard now < period.validUntil else {
            throw DirectoryClientError(
                .consensusExpired,
                "the newest consensus expired at \(period.validUntil) (\(now - period.validUntil) s ago) and no authority served a newer one; refusing to build circuits"
            )
        }
        return held.document
    }

    /// Seconds until the held consensus should be replaced (0: now). Clients refresh at a random
    /// moment in the first half of [fresh-until, valid-until) so authorities are not hit at once.
    public func secondsUntilRefresh() -> UInt64 {
        guard let period = current?.document.period else { return 0 }
        let now = clock()
        let window = max(1, (period.validUntil - period.freshUntil) / 2)
        let target = period.freshUntil + UInt64.random(in: 0..<min(window, 60))
        return target > now ? target - now : 0
    }

    /// Refreshes forever (until the task is cancelled): at the time `secondsUntilRefresh` says,
    /// retrying every `retry` seconds after a failure.
    public func run(retry: UInt64 = 10) async {
        while !Task.isCancelled {
            let wait = secondsUntilRefresh()
            if wait > 0 { try? await Task.sleep(for: .seconds(Int64(wait))) }
            if Task.isCancelled { return }
            do { try await refresh() } catch {
                logger.warning("cannot refresh the consensus", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(Int64(retry)))
            }
        }
    }

    private func adopt(_ verified: Verified<Consensus>) {
        latest.withLockedValue { held in
            if let current = held, current.document.period.validAfter > verified.document.period.validAfter { return }
            held = verified
        }
    }

    /// Every daemon warns when its clock disagrees with the consensus (DESIGN.md "Operations").
    private func warnAboutSkew(_ period: ConsensusPeriod, now: UInt64) {
        let skewed =
            now + 60 < period.validAfter || now > period.freshUntil + UInt64(genesis.parameters.votingInterval) * 2
        let alreadyWarned = skewWarned.withLockedValue { warned in
            defer { warned = skewed }
            return warned
        }
        if skewed, !alreadyWarned {
            logger.warning(
                "local clock looks skewed against the consensus",
                metadata: [
                    "now": "\(now)", "valid_after": "\(period.validAfter)", "fresh_until": "\(period.freshUntil)",
                ])
        }
    }
}
