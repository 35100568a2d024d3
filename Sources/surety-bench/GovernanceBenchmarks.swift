import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SuretyCrypto
import SuretyDirectory
import SuretyDirectoryClient
import SuretyDocuments
import SuretyNet
import SuretyRelay
import SuretyWire

/// Issue 6 §6: governance action verification rate, a revocation set of 1,000,000 entries (memory
/// and lookup), and propagation from submit until every relay enforces.
///
/// Propagation runs in one process over real loopback sockets: 3 authorities (SQLite + HTTP) and N
/// relays (`RelayServer`), each with its own `GovernanceFollower` long-polling an authority and
/// calling `RelayServer.enforce`. Multi-process adds process scheduling but not a different path.
enum GovernanceBenchmarks {
    static func run(seconds: Double, relayCounts: [Int] = [20, 50], trials: Int = 20) async throws {
        let ceremony = try GenesisCeremony.run(
            networkName: "bench", isTestnet: true,
            authorities: (1...3).map { .init(name: "a\($0)", address: "127.0.0.1:\($0)") },
            admins: (1...3).map { .init(name: "m\($0)") }, threshold: 2, parameters: .testnet,
            created: UInt64(Date().timeIntervalSince1970))
        try verification(ceremony: ceremony, seconds: seconds)
        revocationSets()
        for count in relayCounts {
            try await propagation(ceremony: ceremony, relays: count, trials: trials)
        }
    }

    // MARK: Verification

    static func verification(ceremony: GenesisCeremony.Result, seconds: Double) throws {
        Bench.header("governance: action verification (2-of-3 admins)")
        let admins = ceremony.adminKeys.compactMap { $0 }
        let verifier = try GovernanceActionVerifier(genesis: ceremony.genesis)
        let action = try GovernanceAction(
            revoking: try .member(Array(repeating: 9, count: 32)), sequence: 2, created: 1_800_000_000,
            reasonCode: .abuse, reason: "abuse traced through the escrow", evidence: "report-1")
        let bytes = try DocumentSigning.sign(action, with: Array(admins.prefix(2))).encoded()
        let envelope = try SignedEnvelope(decoding: bytes)
        let input = try envelope.signingInput
        let context = try envelope.domain.context
        let body = envelope.body
        let signature = admins[0].signature(for: body, context: context)
        let key = admins[0].publicKey
        _ = input
        let reference = Bench.rate("2 × Ed25519 verify (reference)", unit: "op", unitsPerCall: 1, seconds: seconds) {
            _ = key.isValidSignature(signature, for: body, context: context)
            _ = key.isValidSignature(signature, for: body, context: context)
        }
        let verify = try Bench.rate("decode + verify + id of an action", unit: "op", unitsPerCall: 1, seconds: seconds)
        {
            _ = try verifier.verify(bytes)
        }
        Bench.report(verify, against: reference)
        var state = GovernanceState()
        let verified = try verifier.verify(bytes)
        let fold = Bench.rate("GovernanceState.check (fold rule)", unit: "op", unitsPerCall: 1, seconds: seconds) {
            _ = try? state.check(verified)
        }
        Bench.report(fold, against: reference)
        try state.apply(verified)
    }

    // MARK: Revocation sets

    static func revocationSets(count: Int = 1_000_000) {
        Bench.header("governance: revocation sets of \(count) entries")
        var random = SystemRandomNumberGenerator()
        func key() -> [UInt8] { (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) } }
        let keys = (0..<count).map { _ in key() }
        let absent = (0..<10_000).map { _ in key() }

        // The relay's RevocationSet (SuretyNet): what the link handshake consults.
        // Fresh copies of the keys, so the set's memory includes the key bytes it holds.
        var before = residentBytes()
        let set = RevocationSet()
        var clock = ContinuousClock.now
        for bytes in keys { set.revoke(.member(Array(bytes[...]))) }
        let insert = clock.duration(to: .now)
        let setBytes = residentBytes() - before
        let probes = keys.prefix(10_000).map { RevocationSet.Subject.member($0) }
        let misses = absent.map { RevocationSet.Subject.member($0) }
        clock = ContinuousClock.now
        var hits = 0
        for _ in 0..<10 {
            for probe in probes where set.contains(probe) { hits += 1 }
            for probe in misses where set.contains(probe) { hits += 1 }
        }
        let lookup = clock.duration(to: .now) / 200_000
        print(
            "  RevocationSet (SuretyNet)          memory \(mb(setBytes)) (\(setBytes / count) B/entry), insert \(ns(insert / count)) ns, lookup \(ns(lookup)) ns (hits \(hits / 10))"
        )

        // The follower's GovernanceState: records by subject plus applied ids.
        before = residentBytes()
        clock = ContinuousClock.now
        var records: [GovernanceSubject: GovernanceState.Record] = [:]
        var ids = Set<Bytes32>()
        records.reserveCapacity(count)
        ids.reserveCapacity(count)
        for (index, bytes) in keys.enumerated() {
            guard let subject = try? GovernanceSubject.member(bytes) else { continue }
            let id = (try? Bytes32(keys[(index + 1) % count])) ?? Bytes32(repeating: 0)
            records[subject] = GovernanceState.Record(
                actionID: id, kind: .revoke, sequence: 2, created: 1, effective: 1, reasonCode: .abuse)
            ids.insert(id)
        }
        let state = GovernanceState(records: records, appliedIDs: ids)
        records = [:]
        ids = []
        let build = clock.duration(to: .now)
        let stateBytes = residentBytes() - before
        let subjects = keys.prefix(10_000).compactMap { try? GovernanceSubject.member($0) }
        clock = ContinuousClock.now
        hits = 0
        for _ in 0..<20 {
            for subject in subjects where state.isRevoked(subject, at: 2) { hits += 1 }
        }
        let stateLookup = clock.duration(to: .now) / 200_000
        clock = ContinuousClock.now
        let snapshot = state.snapshot()
        let snapshotTime = clock.duration(to: .now)
        clock = ContinuousClock.now
        let restored = (try? GovernanceState(snapshot: snapshot))?.records.count ?? 0
        let restoreTime = clock.duration(to: .now)
        print(
            "  GovernanceState (follower)         memory \(mb(stateBytes)) (\(stateBytes / count) B/entry), build \(ns(build / count)) ns/entry, isRevoked \(ns(stateLookup)) ns"
        )
        print(
            "  state snapshot                     \(mb(snapshot.count)) on disk, write \(ms(snapshotTime)) ms, restore \(ms(restoreTime)) ms (\(restored) records)"
        )
        withExtendedLifetime((set, state)) {}
    }

    // MARK: Propagation

    static func propagation(ceremony: GenesisCeremony.Result, relays relayCount: Int, trials: Int) async throws {
        Bench.header("governance: propagation submit → enforced on \(relayCount) relays (in-process, loopback)")
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let genesis = ceremony.genesis
        let directory = NSTemporaryDirectory() + "surety-bench-governance-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let http = DirectoryHTTPClient(timeout: .seconds(30))

        // Three authorities on loopback ports.
        var authorities: [DirectoryAuthority] = []
        var servers: [Task<Void, any Error>] = []
        var addresses: [String] = []
        for (index, key) in ceremony.authorityKeys.enumerated() {
            guard let key else { continue }
            var configuration = DirectoryConfiguration(genesis: genesis, identityKey: key)
            configuration.testReachability = false
            let authority = try DirectoryAuthority(
                configuration: configuration, store: try SQLiteDirectoryStore(path: "\(directory)/a\(index).sqlite"),
                client: http, logger: logger)
            let (ready, continuation) = AsyncStream<Int>.makeStream()
            let app = DirectoryHTTPServer.application(
                authority: authority, host: "127.0.0.1", port: 0, logger: logger,
                onServerRunning: { continuation.yield($0) })
            servers.append(Task { try await app.run() })
            for await port in ready {
                addresses.append("127.0.0.1:\(port)")
                break
            }
            authorities.append(authority)
        }
        for (i, authority) in authorities.enumerated() {
            for (j, entry) in genesis.authorities.enumerated() where j != i {
                await authority.setPeerAddress(addresses[j], for: entry.identity)
            }
        }

        // Relays, each with a follower that records when it enforced each subject.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let recorder = EnforcementRecorder()
        var relays: [RelayServer] = []
        var followers: [GovernanceFollower] = []
        var tasks: [Task<Void, Never>] = []
        for index in 0..<relayCount {
            let relay = try await RelayServer.start(
                configuration: RelayConfiguration(nickname: "r\(index)"), eventLoop: group.next(), threadPool: pool,
                logger: logger)
            relays.append(relay)
            // Followers spread over the authorities (each starts with a different one).
            let rotated: [String] = (0..<addresses.count).map { addresses[($0 + index) % addresses.count] }
            var configuration = GovernanceFollower.Configuration(genesis: genesis, authorities: rotated)
            configuration.pollWait = 20
            let enforce = relay.governanceHandler()
            let follower = try GovernanceFollower(configuration: configuration, logger: logger) { event in
                await enforce(event)
                if event.kind == .revoked { await recorder.enforced(event.subject, by: index) }
            }
            try await follower.catchUp()
            followers.append(follower)
            tasks.append(Task { await follower.run() })
        }
        try await Task.sleep(for: .milliseconds(300))  // every follower is waiting in its long-poll

        let admins = Array(ceremony.adminKeys.compactMap { $0 }.prefix(2))
        var perRelay: [Double] = []
        var perTrial: [Double] = []
        for trial in 0..<trials {
            let subject = try GovernanceSubject.member((0..<32).map { _ in UInt8.random(in: 0...255) })
            let action = try GovernanceAction(
                revoking: subject, sequence: 1, created: UInt64(Date().timeIntervalSince1970), reasonCode: .abuse,
                reason: "bench \(trial)")
            let bytes = try DocumentSigning.sign(action, with: admins).encoded()
            let start = ContinuousClock.now
            await recorder.begin(subject, at: start)
            let response = try await http.post(addresses[trial % 3], path: DirectoryPaths.governance, body: bytes)
            guard response.status == 200 else { throw DirectoryClientError(.rejected, response.errorText) }
            let deadline = start.advanced(by: .seconds(10))
            while await recorder.count(subject) < relayCount, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            let times = await recorder.times(subject)
            perRelay += times
            perTrial.append(times.count == relayCount ? (times.max() ?? 0) : .infinity)
        }
        let relayTimes = perRelay.sorted()
        let trialTimes = perTrial.sorted()
        print(
            "  every relay enforcing (per trial)  p50 \(milli(percentile(trialTimes, 0.5))) ms, p99 \(milli(percentile(trialTimes, 0.99))) ms, max \(milli(trialTimes.last ?? 0)) ms over \(trials) trials"
        )
        print(
            "  one relay enforcing                p50 \(milli(percentile(relayTimes, 0.5))) ms, p99 \(milli(percentile(relayTimes, 0.99))) ms, max \(milli(relayTimes.last ?? 0)) ms over \(relayTimes.count) deliveries"
        )

        for task in tasks { task.cancel() }
        for relay in relays { await relay.stop() }
        for server in servers { server.cancel() }
        try? await pool.shutdownGracefully()
        try? await group.shutdownGracefully()
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded(.up)))]
    }

    static func milli(_ seconds: Double) -> String { seconds.isFinite ? String(format: "%.1f", seconds * 1000) : "∞" }
    static func ns(_ duration: Duration) -> String {
        String(format: "%.0f", DirectoryBenchmarks.seconds(duration) * 1e9)
    }
    static func ms(_ duration: Duration) -> String { DirectoryBenchmarks.ms(duration) }
    static func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

    /// Resident set size from /proc/self/statm (Linux), in bytes.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// When each relay enforced each subject.
actor EnforcementRecorder {
    private var starts: [GovernanceSubject: ContinuousClock.Instant] = [:]
    private var done: [GovernanceSubject: [Int: Double]] = [:]

    func begin(_ subject: GovernanceSubject, at start: ContinuousClock.Instant) { starts[subject] = start }

    func enforced(_ subject: GovernanceSubject, by relay: Int) {
        guard let start = starts[subject], done[subject]?[relay] == nil else { return }
        done[subject, default: [:]][relay] = DirectoryBenchmarks.seconds(start.duration(to: .now))
    }

    func count(_ subject: GovernanceSubject) -> Int { done[subject]?.count ?? 0 }
    func times(_ subject: GovernanceSubject) -> [Double] { Array(done[subject]?.values ?? [:].values) }
}
