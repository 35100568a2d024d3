public import Logging
public import NIOCore
public import NIOPosix
public import SuretyClient
import SuretyCrypto
public import SuretyProxy
public import SuretyRelay

/// An in-process Surety network over real loopback sockets: relays (some exits), a local HTTP
/// site and a client with its SOCKS5/HTTP CONNECT port. Tests drive it with curl.
public final class TestNetwork: Sendable {
    public let group: MultiThreadedEventLoopGroup
    public let threadPool: NIOThreadPool
    public let relays: [RelayServer]
    public let site: TestHTTPServer
    public let client: ClientService
    public let relayInfos: [RelayInfo]

    private init(
        group: MultiThreadedEventLoopGroup, threadPool: NIOThreadPool, relays: [RelayServer], site: TestHTTPServer,
        client: ClientService, relayInfos: [RelayInfo]
    ) {
        self.group = group
        self.threadPool = threadPool
        self.relays = relays
        self.site = site
        self.client = client
        self.relayInfos = relayInfos
    }

    /// The relay info a client needs for a running relay on loopback.
    public static func info(for relay: RelayServer) -> RelayInfo {
        let config = relay.configuration
        return RelayInfo(
            nickname: config.nickname, identity: config.identityKey.publicKey, linkKey: config.linkKey.publicKey,
            onionKey: config.onionKey.publicKey, address: [127, 0, 0, 1], port: UInt16(relay.port), isGuard: true,
            isExit: config.isExit)
    }

    /// Starts `relayCount` relays of which `exitCount` are exits (allowing loopback), the site and a client.
    public static func start(
        relayCount: Int = 5, exitCount: Int = 2, relayLimits: RelayLimits = RelayLimits(),
        revocationTeardownDelay: TimeAmount = .seconds(10),
        logger: Logger = Logger(label: "surety.test"),
        clientConfiguration: (ClientConfiguration) -> ClientConfiguration = { $0 }
    ) async throws -> TestNetwork {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        var relays: [RelayServer] = []
        let policy = ExitPolicy.testnet
        for index in 0..<relayCount {
            let isExit = index >= relayCount - exitCount
            let config = RelayConfiguration(
                nickname: "relay\(index + 1)", isExit: isExit,
                exitAllows: { address in
                    guard let port = address.port, let ip = IPAddress(socketAddressBytes: address) else { return false }
                    return policy.allows(address: ip, port: UInt16(port))
                }, limits: relayLimits, revocationTeardownDelay: revocationTeardownDelay)
            relays.append(
                try await RelayServer.start(
                    configuration: config, eventLoop: group.next(), threadPool: threadPool, logger: logger))
        }
        let site = try await TestHTTPServer.start(group: group)
        let infos = relays.map(info(for:))
        let base = ClientConfiguration(
            proxyHost: "127.0.0.1", proxyPort: 0, directory: StaticRelayDirectory(relays: infos),
            pathSelector: PathSelector(enforceDistinctSubnets: false))
        let client = try await ClientService.start(
            configuration: clientConfiguration(base), eventLoop: group.next(), logger: logger)
        return TestNetwork(
            group: group, threadPool: threadPool, relays: relays, site: site, client: client, relayInfos: infos)
    }

    public func stop() async {
        await client.stop()
        for relay in relays { await relay.stop() }
        await site.stop()
        try? await threadPool.shutdownGracefully()
        try? await group.shutdownGracefully()
    }
}

extension IPAddress {
    /// The IP address of a NIO socket address (nil for Unix sockets).
    public init?(socketAddressBytes address: SocketAddress) {
        guard let text = address.ipAddress else { return nil }
        self.init(text)
    }
}
