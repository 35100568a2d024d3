import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import SuretyCrypto
import SuretyDirectory
import SuretyDirectoryClient
import SuretyDocuments
import SuretyRelay
import SuretyWire

/// An in-process directory network over loopback: n authorities (each with its own SQLite file and
/// Hummingbird server), 3 admins (k = 2), an admitted operator and real relays from SuretyRelay.
final class DirectoryTestNetwork: @unchecked Sendable {
    let ceremony: GenesisCeremony.Result
    var genesis: Genesis { ceremony.genesis }
    let directory: String
    let operatorKey = Ed25519.SigningKey()
    let group = MultiThreadedEventLoopGroup.singleton
    var authorities: [DirectoryAuthority?] = []
    var servers: [Task<Void, any Error>?] = []
    var relays: [RelayServer] = []
    var relayKeys: [Ed25519.SigningKey] = []
    var logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    /// Generous: the whole test suite runs in parallel on two cores.
    var http: DirectoryHTTPClient { DirectoryHTTPClient(timeout: .seconds(30)) }
    /// The authorities' actual HTTP addresses (servers bind port 0, so parallel tests never race
    /// for a port; the genesis holds placeholders and every authority is told its peers' addresses).
    var addresses: [String] = []
    var interval: UInt64 { UInt64(genesis.parameters.votingInterval) }

    init(authorities count: Int = 3, parameters: ProtocolParameters = .testnet) async throws {
        directory = NSTemporaryDirectory() + "surety-dir-test-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        ceremony = try GenesisCeremony.run(
            networkName: "surety-test", isTestnet: true,
            authorities: (0..<count).map { .init(name: "auth\($0 + 1)", address: "127.0.0.1:\(1 + $0)") },
            admins: (1...3).map { .init(name: "admin\($0)") }, threshold: 2, parameters: parameters,
            created: UInt64(Date().timeIntervalSince1970))
        authorities = Array(repeating: nil, count: count)
        servers = Array(repeating: nil, count: count)
        addresses = Array(repeating: "127.0.0.1:1", count: count)
        for index in 0..<count { try await startAuthority(index) }
    }

    /// Starts (or restarts, on the same database) authority `index` and waits until it listens.
    func startAuthority(_ index: Int) async throws {
        guard let key = ceremony.authorityKeys[index] else { return }
        let store = try SQLiteDirectoryStore(path: "\(directory)/authority\(index).sqlite")
        let authority = try DirectoryAuthority(
            configuration: DirectoryConfiguration(genesis: genesis, identityKey: key), store: store,
            client: http, logger: logger)
        authorities[index] = authority
        let (ready, continuation) = AsyncStream<Int>.makeStream()
        let app = DirectoryHTTPServer.application(
            authority: authority, host: "127.0.0.1", port: 0, logger: logger,
            metricsText: { "surety_test 1\n" }, onServerRunning: { continuation.yield($0) })
        servers[index] = Task { try await app.run() }
        for await port in ready {
            addresses[index] = "127.0.0.1:\(port)"
            break
        }
        // Tell everyone where everyone is.
        for (i, peer) in authorities.enumerated() {
            guard let peer else { continue }
            for (j, entry) in genesis.authorities.enumerated() where j != i {
                await peer.setPeerAddress(addresses[j], for: entry.identity)
            }
        }
    }

    /// Stops authority `index`'s HTTP server (its database stays).
    func stopAuthority(_ index: Int) async {
        servers[index]?.cancel()
        _ = try? await servers[index]?.value
        servers[index] = nil
        authorities[index] = nil
    }

    func stop() async {
        for index in servers.indices { await stopAuthority(index) }
        for relay in relays { await relay.stop() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// An admit action for `key`, signed by `signers` admins.
    func admitAction(_ key: Ed25519.PublicKey, roles: MemberCertificate.Roles = [.member, .operator], signers: Int = 2)
        throws -> [UInt8]
    {
        let now = UInt64(Date().timeIntervalSince1970)
        let certificate = try MemberCertificate(
            memberKey: key, roles: roles, validFrom: now - 60, validUntil: now + 86_400)
        let action = try GovernanceAction(admitting: certificate, created: now)
        let keys = ceremony.adminKeys.compactMap { $0 }.prefix(signers)
        return try DocumentSigning.sign(action, with: Array(keys)).encoded()
    }

    /// Admits the operator at every running authority.
    func admitOperator() async throws {
        let action = try admitAction(operatorKey.publicKey)
        for address in addresses {
            let response = try await http.post(address, path: DirectoryPaths.governance, body: action)
            guard response.status == 200 || response.status == 409 else {
                throw DirectoryClientError(.rejected, "admit refused: \(response.errorText)")
            }
        }
    }

    /// Starts `count` real relays (the last `exits` of them exits) and publishes their descriptors.
    func startRelays(count: Int = 6, exits: Int = 2) async throws {
        for index in 0..<count {
            let identity = Ed25519.SigningKey()
            let isExit = index >= count - exits
            let relay = try await RelayServer.start(
                configuration: RelayConfiguration(nickname: "relay\(index)", identityKey: identity, isExit: isExit),
                eventLoop: group.next(), threadPool: NIOThreadPool.singleton, logger: logger)
            relays.append(relay)
            relayKeys.append(identity)
            let publisher = publisher(for: relay, identity: identity, isExit: isExit)
            let results = try await publisher.publishOnce()
            guard results.values.allSatisfy({ $0 == nil }) else {
                throw DirectoryClientError(.rejected, "descriptor refused: \(results)")
            }
        }
    }

    func publisher(for relay: RelayServer, identity: Ed25519.SigningKey, isExit: Bool) -> DescriptorPublisher {
        DescriptorPublisher(
            identityKey: identity,
            template: .init(
                nickname: relay.configuration.nickname, linkKey: relay.configuration.linkKey.publicKey,
                onionKey: relay.configuration.onionKey.publicKey,
                addresses: [try! RelayAddress(ipv4: "127.0.0.1", port: UInt16(relay.port))],
                exitPolicy: isExit ? try! ExitPolicy(["accept *:80-443", "reject *:*"]) : .rejectAll,
                declaredBandwidth: 5_000_000, operatorID: MemberCertificate.memberID(of: operatorKey.publicKey),
                wantsExit: isExit),
            authorities: addresses, http: http, logger: logger)
    }

    /// The next round start after now.
    func nextRound() -> UInt64 {
        let now = UInt64(Date().timeIntervalSince1970)
        return now - now % interval + interval
    }

    /// Runs one round on the running authorities, the three steps in lock-step.
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

    func testReachability() async {
        for authority in authorities.compactMap({ $0 }) { await authority.testReachability() }
    }

    func consensusClient(clock: @escaping @Sendable () -> UInt64 = ConsensusClient.systemClock, cache: String? = nil)
        -> ConsensusClient
    {
        ConsensusClient(
            genesis: genesis, authorities: addresses, cachePath: cache, http: http, logger: logger, clock: clock)
    }
}

/// Reads `{"error": {"code": "..."}}` from a response.
func errorCode(_ response: DirectoryHTTPClient.Response) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
        let error = object["error"] as? [String: Any]
    else { return nil }
    return error["code"] as? String
}
