import Foundation
public import Logging
import NIOConcurrencyHelpers
public import NIOCore
import NIOPosix
public import ServiceLifecycle
import SuretyCircuit
public import SuretyCrypto
import SuretyDirectoryClient
import SuretyDocuments
import SuretyNet
public import SuretyProxy
public import SuretyService
import SuretyWire

/// `surety-relay`'s configuration file (Docs/CONFIG.md "surety-relay").
public struct RelayDaemonConfig: Sendable {
    public var common: CommonConfig
    public var nickname: String
    public var dataDirectory: String
    public var listen: SocketAddress
    /// The address published to clients (defaults to the listen address).
    public var advertise: SocketAddress
    public var exitEnabled: Bool
    public var exitPolicy: SuretyProxy.ExitPolicy
    public var limits: RelayLimits
    public var family: String
    /// Directory mode (issue 5): the genesis file, authorities (default: the genesis list), the
    /// operator's member id (hex) named in the descriptor, and whether guards admit only members.
    public var genesisPath: String?
    public var authorities: [String]
    public var operatorID: String
    public var requireMembership: Bool
    public var directoryRefreshSeconds: Int
    public var exitPolicyRules: [String]
    /// Where to serve the plain-HTTP notice page (`exit.notice_listen`; nil: off).
    public var noticeListen: SocketAddress?
    /// Where abuse reports go, shown on the notice page (`exit.notice_contact`).
    public var noticeContact: String

    public static let defaultMetricsAddress = try! SocketAddress(ipAddress: "127.0.0.1", port: 9190)

    /// Reads every key; unknown keys are rejected by the caller (`ConfigFile.load`).
    public init(reading config: ConfigFile) throws(ConfigError) {
        common = try CommonConfig(reading: config, defaultMetricsAddress: Self.defaultMetricsAddress)
        nickname = try config.required("nickname", as: .nonEmptyString)
        dataDirectory = try config.required("data_dir", as: .string)
        listen = try config.bindAddress("link.listen", default: try! SocketAddress(ipAddress: "0.0.0.0", port: 7000))
        advertise = try config.value("link.advertise", as: .socketAddress, default: listen)
        if let host = advertise.ipAddress, host == "0.0.0.0" || host == "::" {
            throw ConfigError(
                .invalidValue, file: config.name, key: "link.advertise",
                reason:
                    "link.listen binds all addresses (\(host)); set link.advertise to the address clients should dial")
        }
        family = try config.string("family", default: "")
        genesisPath = try config.value("directory.genesis", as: .nonEmptyString)
        authorities = try config.list("directory.authorities", of: .string, default: [])
        operatorID = try config.string("directory.operator_id", default: "")
        requireMembership = try config.bool("directory.require_membership", default: true)
        directoryRefreshSeconds = try config.int("directory.refresh_interval", default: 60, in: 1...86_400)
        if genesisPath != nil, HexString.decode(operatorID)?.count != 32 {
            throw ConfigError(
                .invalidValue, file: config.name, key: "directory.operator_id",
                reason: "with directory.genesis set, give the operator's member id (64 hex digits)")
        }
        exitEnabled = try config.bool("exit.enabled", default: false)
        let rules = try config.list("exit.policy", of: .string, default: [])
        exitPolicyRules = rules
        if rules.isEmpty {
            exitPolicy = exitEnabled ? .defaultExit : .rejectAll
        } else {
            do {
                exitPolicy = try SuretyProxy.ExitPolicy(parsing: rules.joined(separator: "\n"))
            } catch {
                throw ConfigError(.invalidValue, file: config.name, key: "exit.policy", reason: "\(error)")
            }
        }
        noticeListen = try config.value("exit.notice_listen", as: .bindAddress)
        noticeContact = try config.string("exit.notice_contact", default: "")
        if noticeListen != nil, noticeContact.isEmpty {
            throw ConfigError(
                .missingKey, file: config.name, key: "exit.notice_contact",
                reason: "is required when exit.notice_listen is set: the page must say where abuse reports go")
        }
        var limits = RelayLimits()
        limits.maxCircuitsPerLink = try config.int("limits.max_circuits_per_link", default: 16384, in: 1...16384)
        limits.maxStreamsPerCircuit = try config.int("limits.max_streams_per_circuit", default: 500, in: 1...500)
        limits.createsPerSecond = Double(try config.int("limits.creates_per_second", default: 50, in: 1...100_000))
        limits.createBurst = Double(try config.int("limits.create_burst", default: 200, in: 1...1_000_000))
        limits.bandwidthRate = try config.byteSize("limits.bandwidth_rate", default: 0)
        limits.bandwidthBurst = try config.byteSize("limits.bandwidth_burst", default: 0)
        let connect = try config.duration("limits.connect_timeout", default: .seconds(10))
        limits.connectTimeout = .nanoseconds(
            connect.components.seconds * 1_000_000_000 + connect.components.attoseconds / 1_000_000_000)
        self.limits = limits
    }
}

/// The relay's long-term keys, kept in its data directory (0600).
public struct RelayKeys: Sendable {
    public var identity: Ed25519.SigningKey
    public var link: X25519.PrivateKey
    public var onion: X25519.PrivateKey

    /// Loads the keys from `directory`, creating any that do not exist yet.
    public static func loadOrCreate(in directory: DataDirectory) throws -> RelayKeys {
        func secret(_ name: String) throws -> SecretBytes {
            let path = directory.file(name)
            if FileManager.default.fileExists(atPath: path) {
                return SecretBytes(try SecureFile.read(path: path, maxBytes: 64, requirePrivate: true))
            }
            let fresh = SecretBytes.random(count: 32)
            try SecureFile.writeAtomically(path: path, data: fresh.unsafeArray(), mode: 0o600)
            return fresh
        }
        return RelayKeys(
            identity: try Ed25519.SigningKey(seed: try secret("identity.key")),
            link: try X25519.PrivateKey(rawRepresentation: try secret("link.key")),
            onion: try X25519.PrivateKey(rawRepresentation: try secret("onion.key")))
    }
}

/// What a relay publishes about itself (INTERIM, until descriptors go to the directory): written
/// to `relay.json` in the data directory so the testnet launcher can build the client's relay list.
public struct PublishedRelay: Codable, Sendable, Equatable {
    public var nickname: String
    public var identity: String
    public var linkKey: String
    public var onionKey: String
    public var address: String
    public var port: Int
    public var exit: Bool
    public var family: String

    enum CodingKeys: String, CodingKey {
        case nickname, identity, address, port, exit, family
        case linkKey = "link_key"
        case onionKey = "onion_key"
    }

    public init(
        nickname: String, identity: String, linkKey: String, onionKey: String, address: String, port: Int, exit: Bool,
        family: String
    ) {
        self.nickname = nickname
        self.identity = identity
        self.linkKey = linkKey
        self.onionKey = onionKey
        self.address = address
        self.port = port
        self.exit = exit
        self.family = family
    }
}

/// Runs a relay as a service-lifecycle `Service`: starts on `run`, stops on graceful shutdown.
public struct RelayDaemonService: Service {
    let config: RelayDaemonConfig
    let keys: RelayKeys
    let logger: Logger
    let publishedRelayFile: String?

    /// `publishedRelayFile`: where to write this relay's public `relay.json` once it listens.
    public init(config: RelayDaemonConfig, keys: RelayKeys, logger: Logger, publishedRelayFile: String?) {
        self.config = config
        self.keys = keys
        self.logger = logger
        self.publishedRelayFile = publishedRelayFile
    }

    func publish(port: Int) {
        guard let publishedRelayFile else { return }
        let advertised = config.advertise.port.flatMap { $0 == 0 ? nil : $0 } ?? port
        let published = PublishedRelay(
            nickname: config.nickname, identity: HexString.encode(keys.identity.publicKey.rawRepresentation),
            linkKey: HexString.encode(keys.link.publicKey.rawRepresentation),
            onionKey: HexString.encode(keys.onion.publicKey.rawRepresentation),
            address: config.advertise.ipAddress ?? "127.0.0.1", port: advertised, exit: config.exitEnabled,
            family: config.family)
        do {
            let data = try JSONEncoder().encode(published)
            try SecureFile.writeAtomically(path: publishedRelayFile, data: [UInt8](data), mode: 0o644)
        } catch {
            logger.warning("cannot write \(publishedRelayFile): \(error)")
        }
    }

    public func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        let policy = config.exitPolicy
        var relayConfig = RelayConfiguration(
            nickname: config.nickname, listenHost: config.listen.ipAddress ?? "0.0.0.0",
            listenPort: config.listen.port ?? 0, identityKey: keys.identity, linkKey: keys.link,
            onionKey: keys.onion, isExit: config.exitEnabled,
            exitAllows: { address in
                guard let text = address.ipAddress, let ip = IPAddress(text), let port = address.port else {
                    return false
                }
                return policy.allows(address: ip, port: UInt16(port))
            }, limits: config.limits)
        let directory = try await startDirectory(relayConfig: &relayConfig)
        // Governance (issue 6): catch up on the action log before accepting links, then follow it;
        // every verified revocation is enforced at once.
        let relayBox = NIOLockedValueBox<RelayServer?>(nil)
        let follower = try await startGovernanceFollower(revocations: relayConfig.revocations, relay: relayBox)
        let relay = try await RelayServer.start(
            configuration: relayConfig, eventLoop: group.next(), threadPool: threadPool, logger: logger)
        relayBox.withLockedValue { $0 = relay }
        directory?.start(port: relay.port)
        let following = follower.map { follower in Task { await follower.run() } }
        logger.info(
            "relay started",
            metadata: ["nickname": "\(config.nickname)", "port": "\(relay.port)", "exit": "\(config.exitEnabled)"])
        publish(port: relay.port)
        var notice: ExitNoticeServer?
        if let address = config.noticeListen {
            let page = ExitNoticePage(
                nickname: config.nickname, identity: HexString.encode(keys.identity.publicKey.rawRepresentation),
                contact: config.noticeContact, isExit: config.exitEnabled, exitPolicy: config.exitPolicy.canonicalText)
            do {
                notice = try await ExitNoticeServer.start(
                    configuration: .init(address: address), page: page, group: group, logger: logger)
            } catch {
                await relay.stop()
                try? await threadPool.shutdownGracefully()
                try? await group.shutdownGracefully()
                throw error
            }
        }
        try? await gracefulShutdown()
        following?.cancel()
        directory?.stop()
        logger.info("relay stopping: closing links")
        await notice?.stop()
        await relay.stop()
        try? await threadPool.shutdownGracefully()
        try? await group.shutdownGracefully()
    }
}

/// The relay's directory duties (issue 5): upload its descriptor to the authorities at start and
/// periodically, and keep the member set guards check links against (`require_membership`).
final class RelayDirectoryDuties: Sendable {
    let publisher: @Sendable (Int) -> DescriptorPublisher?
    let members: MemberSetClient
    let refreshSeconds: UInt64
    private let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])

    init(publisher: @escaping @Sendable (Int) -> DescriptorPublisher?, members: MemberSetClient, refreshSeconds: UInt64)
    {
        self.publisher = publisher
        self.members = members
        self.refreshSeconds = refreshSeconds
    }

    func start(port: Int) {
        guard let publisher = publisher(port) else { return }
        let members = self.members
        let refresh = refreshSeconds
        let upload = Task {
            // Retry quickly until one upload lands (authorities may still be starting), then every 30 min.
            for _ in 0..<60 {
                let results = (try? await publisher.publishOnce()) ?? [:]
                if results.values.contains(where: { $0 == nil }) { break }
                try? await Task.sleep(for: .seconds(2))
            }
            await publisher.run(interval: 1800)
        }
        let follow = Task { await members.run(interval: refresh) }
        tasks.withLockedValue { $0 = [upload, follow] }
    }

    func stop() {
        tasks.withLockedValue { tasks in
            for task in tasks { task.cancel() }
            tasks = []
        }
    }
}

extension RelayDaemonService {
    /// In directory mode: a governance follower whose events revoke/reinstate in the relay (or, before
    /// the relay runs, in its revocation set, so catch-up happens before any link is accepted).
    func startGovernanceFollower(
        revocations: RevocationSet, relay: NIOLockedValueBox<RelayServer?>
    ) async throws -> GovernanceFollower? {
        guard let genesisPath = config.genesisPath else { return nil }
        let genesis = try Genesis.verify(try SecureFile.read(path: genesisPath, maxBytes: WireLimits.maxDocumentSize))
            .document
        let configuration = GovernanceFollower.Configuration(
            genesis: genesis, authorities: config.authorities.isEmpty ? nil : config.authorities,
            statePath: config.dataDirectory + "/governance.state")
        let follower = try GovernanceFollower(configuration: configuration, logger: logger) { event in
            if let running = relay.withLockedValue({ $0 }) {
                await running.governanceHandler()(event)
                return
            }
            guard let subject = RelayServer.revocationSubject(event.subject) else { return }
            switch event.kind {
            case .revoked: revocations.revoke(subject)
            case .reinstated: revocations.reinstate(subject)
            case .parametersChanged: break
            }
        }
        do { try await follower.catchUp(timeout: .seconds(15)) } catch {
            logger.warning("governance log not caught up yet; following", metadata: ["error": "\(error)"])
        }
        return follower
    }

    /// The exit policy as descriptor rules: one port or range per rule (port lists split).
    static func descriptorPolicyLines(_ policy: SuretyProxy.ExitPolicy) -> [String] {
        policy.canonicalText.split(separator: "\n").flatMap { line -> [String] in
            let words = line.split(separator: " ")
            guard words.count == 2, let colon = words[1].lastIndex(of: ":") else { return [String(line)] }
            let target = words[1][..<colon]
            let ports = words[1][words[1].index(after: colon)...].split(separator: ",")
            return ports.map { "\(words[0]) \(target):\($0)" }
        }
    }

    /// In directory mode: loads the genesis, fetches the member set once (guards then admit only
    /// admitted members), and prepares the descriptor publisher. Nil without `directory.genesis`.
    func startDirectory(relayConfig: inout RelayConfiguration) async throws -> RelayDirectoryDuties? {
        guard let genesisPath = config.genesisPath else { return nil }
        let genesis = try Genesis.verify(try SecureFile.read(path: genesisPath, maxBytes: WireLimits.maxDocumentSize))
            .document
        let authorities = config.authorities.isEmpty ? nil : config.authorities
        let members = MemberSetClient(genesis: genesis, authorities: authorities, logger: logger)
        do { _ = try await members.refresh() } catch {
            logger.warning(
                "member set not fetched yet; guards refuse members until it is", metadata: ["error": "\(error)"])
        }
        if config.requireMembership { relayConfig.admitMember = { members.isAdmitted($0) } }
        let config = self.config
        let keys = self.keys
        let logger = self.logger
        let policy = try SuretyDocuments.ExitPolicy(
            config.exitEnabled ? Self.descriptorPolicyLines(config.exitPolicy) : ["reject *:*"])
        let operatorID = HexString.decode(config.operatorID) ?? []
        return RelayDirectoryDuties(
            publisher: { port in
                let advertisedPort = config.advertise.port.flatMap { $0 == 0 ? nil : $0 } ?? port
                guard let host = config.advertise.ipAddress,
                    let address = try? RelayAddress(ipv4: host, port: UInt16(clamping: advertisedPort))
                else { return nil }
                let template = DescriptorPublisher.Template(
                    nickname: config.nickname, linkKey: keys.link.publicKey, onionKey: keys.onion.publicKey,
                    addresses: [address], exitPolicy: policy,
                    declaredBandwidth: UInt64(max(config.limits.bandwidthRate, 0)),
                    operatorID: operatorID, family: config.family, wantsExit: config.exitEnabled)
                return DescriptorPublisher(
                    identityKey: keys.identity, template: template,
                    authorities: authorities ?? genesis.authorities.map(\.address), logger: logger)
            }, members: members, refreshSeconds: UInt64(config.directoryRefreshSeconds))
    }
}
