import Foundation
public import Logging
public import NIOCore
import NIOPosix
public import ServiceLifecycle
public import SuretyCrypto
import SuretyDirectoryClient
import SuretyDocuments
public import SuretyService
import SuretyWire

/// `surety-client`'s configuration file (Docs/CONFIG.md "surety-client").
public struct ClientDaemonConfig: Sendable {
    public var common: CommonConfig
    public var dataDirectory: String
    public var proxyListen: SocketAddress
    public var proxyHandshakeTimeout: Duration
    public var maxPendingHandshakes: Int
    public var buildTimeout: Duration
    public var buildAttempts: Int
    public var maxDirtiness: Duration
    public var preemptiveCircuits: Int
    public var guardCount: Int
    public var enforceDistinctSubnets: Bool
    public var streamConnectTimeout: Duration
    /// Directory mode: the genesis file (and optional authority override); the client fetches,
    /// verifies and caches the consensus and builds paths from it.
    public var genesisPath: String?
    public var authorities: [String]
    /// Without a genesis: a static relay list (JSON array of relays' `relay.json`), for tiny
    /// hand-built networks (Docs/TESTNET.md).
    public var relaysFile: String?

    public static let defaultMetricsAddress = try! SocketAddress(ipAddress: "127.0.0.1", port: 9191)

    public init(reading config: ConfigFile) throws(ConfigError) {
        common = try CommonConfig(reading: config, defaultMetricsAddress: Self.defaultMetricsAddress)
        dataDirectory = try config.required("data_dir", as: .string)
        proxyListen = try config.bindAddress(
            "proxy.listen", default: try! SocketAddress(ipAddress: "127.0.0.1", port: 9050))
        proxyHandshakeTimeout = try config.duration("proxy.handshake_timeout", default: .seconds(30))
        maxPendingHandshakes = try config.int("proxy.max_pending_handshakes", default: 256, in: 1...100_000)
        buildTimeout = try config.duration("circuits.build_timeout", default: .seconds(10))
        buildAttempts = try config.int("circuits.build_attempts", default: 3, in: 1...10)
        maxDirtiness = try config.duration("circuits.max_dirtiness", default: .seconds(600))
        preemptiveCircuits = try config.int("circuits.preemptive", default: 2, in: 0...32)
        guardCount = try config.int("circuits.guards", default: 3, in: 1...16)
        enforceDistinctSubnets = try config.bool("circuits.enforce_distinct_subnets", default: true)
        streamConnectTimeout = try config.duration("circuits.stream_connect_timeout", default: .seconds(30))
        genesisPath = try config.value("directory.genesis", as: .nonEmptyString)
        authorities = try config.list("directory.authorities", of: .string, default: [])
        relaysFile = try config.value("directory.relays_file", as: .nonEmptyString)
        if genesisPath == nil && relaysFile == nil {
            throw ConfigError(
                .missingKey, file: config.name, key: "directory.genesis",
                reason: "set directory.genesis (a network with authorities) or directory.relays_file (a static list)")
        }
    }
}

extension Duration {
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}

/// The member's identity key in the client's data directory (`member.key`, 0600).
public enum MemberIdentity {
    public static let fileName = "member.key"

    public static func load(in directory: DataDirectory) throws -> Ed25519.SigningKey {
        let seed = try SecureFile.read(path: directory.file(fileName), maxBytes: 64, requirePrivate: true)
        return try Ed25519.SigningKey(seed: SecretBytes(seed))
    }

    /// Creates a new member key; refuses to overwrite an existing one.
    public static func create(in directory: DataDirectory) throws -> Ed25519.SigningKey {
        let path = directory.file(fileName)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ServiceError(.invalidArgument, "a member key already exists at \(path)")
        }
        let key = Ed25519.SigningKey()
        try SecureFile.writeAtomically(path: path, data: key.seed.unsafeArray(), mode: 0o600)
        return key
    }

    /// The member id admins admit (BLAKE2b-256 of the public key), in hex.
    public static func memberID(_ key: Ed25519.PublicKey) -> String {
        HexString.encode((try? BLAKE2b.hash(key.rawRepresentation, outputLength: 32)) ?? [])
    }
}

/// INTERIM static relay list: the relays' published `relay.json` entries.
public struct RelayListFile: Sendable {
    public static func load(path: String) throws -> [RelayInfo] {
        let bytes = try SecureFile.read(path: path, maxBytes: 4 << 20)
        let entries = try JSONDecoder().decode([Entry].self, from: Data(bytes))
        return try entries.map { entry in
            guard let identity = HexString.decode(entry.identity), let link = HexString.decode(entry.linkKey),
                let onion = HexString.decode(entry.onionKey), let address = SocketAddressBytes.parse(entry.address)
            else { throw ServiceError(.invalidArgument, "relay list \(path): bad entry for \(entry.nickname)") }
            return RelayInfo(
                nickname: entry.nickname, identity: try Ed25519.PublicKey(rawRepresentation: identity),
                linkKey: try X25519.PublicKey(rawRepresentation: link),
                onionKey: try X25519.PublicKey(rawRepresentation: onion), address: address,
                port: UInt16(clamping: entry.port), isGuard: true, isExit: entry.exit, family: entry.family)
        }
    }

    struct Entry: Decodable {
        var nickname: String
        var identity: String
        var linkKey: String
        var onionKey: String
        var address: String
        var port: Int
        var exit: Bool
        var family: String

        enum CodingKeys: String, CodingKey {
            case nickname, identity, address, port, exit, family
            case linkKey = "link_key"
            case onionKey = "onion_key"
        }
    }
}

enum SocketAddressBytes {
    static func parse(_ text: String) -> [UInt8]? {
        guard let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        switch address {
        case .v4:
            return address.withSockAddr { pointer, _ in
                Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + 4, count: 4))
            }
        case .v6:
            return address.withSockAddr { pointer, _ in
                Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + 8, count: 16))
            }
        default:
            return nil
        }
    }
}

/// Runs the client as a service-lifecycle `Service`.
public struct ClientDaemonService: Service {
    let config: ClientDaemonConfig
    let memberKey: Ed25519.SigningKey
    let logger: Logger

    public init(config: ClientDaemonConfig, memberKey: Ed25519.SigningKey, logger: Logger) {
        self.config = config
        self.memberKey = memberKey
        self.logger = logger
    }

    public func run() async throws {
        let directory: any RelayDirectory
        var consensus: ConsensusRelayDirectory?
        var relayCount = 0
        if let genesisPath = config.genesisPath {
            let genesis = try Genesis.verify(
                try SecureFile.read(path: genesisPath, maxBytes: WireLimits.maxDocumentSize)
            ).document
            let client = ConsensusClient(
                genesis: genesis, authorities: config.authorities.isEmpty ? nil : config.authorities,
                cachePath: config.dataDirectory + "/consensus.cache", logger: logger)
            let relays = ConsensusRelayDirectory(client: client)
            await relays.start()
            consensus = relays
            directory = relays
            relayCount = (try? relays.currentRelays().count) ?? 0
        } else {
            let relays = try RelayListFile.load(path: config.relaysFile ?? "")
            relayCount = relays.count
            directory = StaticRelayDirectory(relays: relays)
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let configuration = ClientConfiguration(
            proxyHost: config.proxyListen.ipAddress ?? "127.0.0.1", proxyPort: config.proxyListen.port ?? 9050,
            memberKey: memberKey, deviceKey: X25519.PrivateKey(), directory: directory,
            pathSelector: PathSelector(enforceDistinctSubnets: config.enforceDistinctSubnets),
            circuitBuildTimeout: config.buildTimeout.timeAmount, circuitBuildAttempts: config.buildAttempts,
            streamConnectTimeout: config.streamConnectTimeout.timeAmount,
            maxCircuitDirtiness: config.maxDirtiness.timeAmount, preemptiveCircuits: config.preemptiveCircuits,
            guardCount: config.guardCount, guardStatePath: config.dataDirectory + "/guards",
            proxyHandshakeTimeout: config.proxyHandshakeTimeout.timeAmount,
            maxPendingProxyHandshakes: config.maxPendingHandshakes)
        let client = try await ClientService.start(
            configuration: configuration, eventLoop: group.next(), logger: logger)
        // Governance: learn at once when this member is revoked (clear SOCKS errors) or a relay is.
        var following: Task<Void, Never>?
        if let genesisPath = config.genesisPath {
            let genesis = try Genesis.verify(
                try SecureFile.read(path: genesisPath, maxBytes: WireLimits.maxDocumentSize)
            ).document
            let follower = try GovernanceFollower(
                configuration: .init(
                    genesis: genesis, authorities: config.authorities.isEmpty ? nil : config.authorities,
                    statePath: config.dataDirectory + "/governance.state"),
                logger: logger, handler: client.governanceHandler())
            following = Task { await follower.run() }
        }
        logger.info(
            "client started",
            metadata: [
                "proxy": "\(config.proxyListen.ipAddress ?? ""):\(client.proxyPort)",
                "relays": "\(relayCount)",
            ])
        try? await gracefulShutdown()
        logger.info("client stopping")
        following?.cancel()
        await client.stop()
        consensus?.stop()
        try? await group.shutdownGracefully()
    }
}
