import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import SuretyCrypto
import SuretyDirectory
import SuretyDirectoryClient
import SuretyDocuments
import SuretyWire

/// Three in-process authorities (each with its own SQLite file and Hummingbird server on a
/// loopback port) and three admins with k = 2: the governance half of the issue 6 tests.
final class GovernanceTestbed: @unchecked Sendable {
    let ceremony: GenesisCeremony.Result
    var genesis: Genesis { ceremony.genesis }
    var admins: [Ed25519.SigningKey] { ceremony.adminKeys.compactMap { $0 } }
    let directory: String
    var authorities: [DirectoryAuthority?] = []
    var servers: [Task<Void, any Error>?] = []
    var addresses: [String] = []
    let logger: Logger = {
        var logger = Logger(label: "governance-test")
        logger.logLevel = .critical
        return logger
    }()
    let http = DirectoryHTTPClient(timeout: .seconds(30))
    var interval: UInt64 { UInt64(genesis.parameters.votingInterval) }
    var now: UInt64 { UInt64(Date().timeIntervalSince1970) }

    init(authorities count: Int = 3) async throws {
        directory = NSTemporaryDirectory() + "surety-governance-test-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        ceremony = try GenesisCeremony.run(
            networkName: "surety-test", isTestnet: true,
            authorities: (0..<count).map { .init(name: "auth\($0 + 1)", address: "127.0.0.1:\(1 + $0)") },
            admins: (1...3).map { .init(name: "admin\($0)") }, threshold: 2, parameters: .testnet,
            created: UInt64(Date().timeIntervalSince1970))
        authorities = Array(repeating: nil, count: count)
        servers = Array(repeating: nil, count: count)
        addresses = Array(repeating: "127.0.0.1:1", count: count)
        for index in 0..<count { try await startAuthority(index) }
    }

    func startAuthority(_ index: Int) async throws {
        guard let key = ceremony.authorityKeys[index] else { return }
        let store = try SQLiteDirectoryStore(path: "\(directory)/authority\(index).sqlite")
        var configuration = DirectoryConfiguration(genesis: genesis, identityKey: key)
        configuration.testReachability = false
        let authority = try DirectoryAuthority(configuration: configuration, store: store, client: http, logger: logger)
        authorities[index] = authority
        let (ready, continuation) = AsyncStream<Int>.makeStream()
        let app = DirectoryHTTPServer.application(
            authority: authority, host: "127.0.0.1", port: 0, logger: logger,
            onServerRunning: { continuation.yield($0) })
        servers[index] = Task { try await app.run() }
        for await port in ready {
            addresses[index] = "127.0.0.1:\(port)"
            break
        }
        for (i, peer) in authorities.enumerated() {
            guard let peer else { continue }
            for (j, entry) in genesis.authorities.enumerated() where j != i {
                await peer.setPeerAddress(servers[j] == nil ? nil : addresses[j], for: entry.identity)
            }
        }
    }

    func stopAuthority(_ index: Int) async {
        servers[index]?.cancel()
        _ = try? await servers[index]?.value
        servers[index] = nil
        authorities[index] = nil
        for peer in authorities.compactMap({ $0 }) {
            await peer.setPeerAddress(nil, for: genesis.authorities[index].identity)
        }
    }

    func stop() async {
        for index in servers.indices { await stopAuthority(index) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Actions

    func signed(_ action: GovernanceAction, by keys: [Ed25519.SigningKey]) throws -> [UInt8] {
        try DocumentSigning.sign(action, with: keys).encoded()
    }

    func revoke(
        _ subject: GovernanceSubject, sequence: UInt64, signers: Int = 2, reason: GovernanceReason = .abuse
    ) throws -> [UInt8] {
        try signed(
            try GovernanceAction(
                revoking: subject, sequence: sequence, created: now, reasonCode: reason,
                reason: "abuse traced through the escrow", evidence: "abuse-report-17"),
            by: Array(admins.prefix(signers)))
    }

    func reinstate(_ subject: GovernanceSubject, sequence: UInt64, signers: Int = 2) throws -> [UInt8] {
        try signed(
            try GovernanceAction(
                reinstating: subject, sequence: sequence, created: now, reasonCode: .appealUpheld,
                reason: "appeal upheld"),
            by: Array(admins.prefix(signers)))
    }

    /// POSTs an action to authority `index`.
    func submit(_ bytes: [UInt8], to index: Int = 0) async throws -> DirectoryHTTPClient.Response {
        try await http.post(addresses[index], path: DirectoryPaths.governance, body: bytes)
    }

    /// Runs one consensus round on the running authorities, the three steps in lock-step.
    @discardableResult
    func runRound(_ validAfter: UInt64) async throws -> [Bool] {
        let running = authorities.compactMap { $0 }
        await withTaskGroup(of: Void.self) { group in
            for authority in running { group.addTask { try? await authority.vote(validAfter: validAfter) } }
        }
        await withTaskGroup(of: Void.self) { group in
            for authority in running {
                group.addTask { _ = try? await authority.computeAndSign(validAfter: validAfter) }
            }
        }
        var published: [Bool] = []
        for authority in running { published.append(try await authority.publishIfSigned(validAfter: validAfter)) }
        return published
    }

    /// Waits until every running authority holds `count` pending actions (forwarding is asynchronous;
    /// an action that reached only a minority of the votes waits for a later round).
    func waitForPending(_ count: Int) async throws {
        let reached = try await Self.eventually { [self] in
            for authority in authorities.compactMap({ $0 })
            where try await authority.governanceLog.pendingIDs().count != count {
                return false
            }
            return true
        }
        guard reached else { throw DirectoryClientError(.timeout, "actions did not reach every authority") }
    }

    /// Round starts after now, one interval apart.
    func rounds(_ count: Int) -> [UInt64] {
        let first = now - now % interval + interval
        return (0..<UInt64(count)).map { first + $0 * interval }
    }

    /// A follower of these authorities.
    func follower(
        statePath: String? = nil, maximumCheckpointAge: UInt64 = 120,
        handler: @escaping GovernanceFollower.Handler = { _ in }
    ) throws -> GovernanceFollower {
        var configuration = GovernanceFollower.Configuration(
            genesis: genesis, authorities: addresses, statePath: statePath)
        configuration.pollWait = 5
        configuration.retryDelay = .milliseconds(100)
        configuration.maximumCheckpointAge = maximumCheckpointAge
        return try GovernanceFollower(configuration: configuration, logger: logger, handler: handler)
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes.
    static func eventually(
        timeout: Duration = .seconds(10), _ condition: @Sendable () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// Reads `{"error": {"code": "..."}}` from a response.
func errorCode(_ response: DirectoryHTTPClient.Response) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
        let error = object["error"] as? [String: Any]
    else { return nil }
    return error["code"] as? String
}

/// Collects follower events (tests).
actor EventRecorder {
    private(set) var events: [GovernanceEvent] = []
    func record(_ event: GovernanceEvent) { events.append(event) }
    nonisolated var handler: GovernanceFollower.Handler { { event in await self.record(event) } }
}
