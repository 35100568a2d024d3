public import Logging
import NIOConcurrencyHelpers
public import NIOCore
import NIOHTTP1
import NIOPosix

/// The relay's optional plain-HTTP notice listener (config `exit.notice_listen`, off by default;
/// issue 7 §3): serves `ExitNoticePage` to whoever connects, typically on port 80 of the exit's
/// egress address so that someone who pastes the address into a browser learns what it is and
/// where abuse reports go.
///
/// It is reachable from the whole Internet, so it does as little as possible: one request per
/// connection, a fixed pre-rendered body, bounded connections, request size and lifetime, and no
/// logging of who asked (safe logging: client addresses are never recorded).
public final class ExitNoticeServer: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Where to listen; port 0 picks a free port (tests).
        public var address: SocketAddress
        /// Connections beyond this are closed at once.
        public var maxConnections: Int
        /// A request larger than this gets 413 and the connection is closed.
        public var maxRequestBytes: Int
        /// A connection is closed this long after it opened, answered or not.
        public var requestTimeout: TimeAmount

        public init(
            address: SocketAddress, maxConnections: Int = 64, maxRequestBytes: Int = 8192,
            requestTimeout: TimeAmount = .seconds(10)
        ) {
            self.address = address
            self.maxConnections = maxConnections
            self.maxRequestBytes = maxRequestBytes
            self.requestTimeout = requestTimeout
        }
    }

    private let listener: any Channel
    /// The address actually bound.
    public let localAddress: SocketAddress?
    /// The bound port (useful when the configuration asked for port 0).
    public var port: Int { localAddress?.port ?? 0 }

    private init(listener: any Channel) {
        self.listener = listener
        self.localAddress = listener.localAddress
    }

    /// Binds the listener and starts serving `page`.
    public static func start(
        configuration: Configuration, page: ExitNoticePage, group: any EventLoopGroup, logger: Logger
    ) async throws -> ExitNoticeServer {
        let body = Array(page.html.utf8)
        let connections = NIOLockedValueBox(0)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            .childChannelInitializer { channel in
                let admitted = connections.withLockedValue { count -> Bool in
                    guard count < configuration.maxConnections else { return false }
                    count += 1
                    return true
                }
                guard admitted else {
                    logger.debug("exit notice: connection limit reached, closing a new connection")
                    return channel.close()
                }
                channel.closeFuture.whenComplete { _ in
                    connections.withLockedValue { $0 -= 1 }
                }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(
                        ExitNoticeConnectionGuard(
                            maxBytes: configuration.maxRequestBytes, timeout: configuration.requestTimeout))
                    try sync.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
                    try sync.addHandler(ExitNoticeHTTPHandler(body: body))
                }
            }
        let listener: any Channel
        do {
            listener = try await bootstrap.bind(to: configuration.address).get()
        } catch {
            throw ExitNoticeError(address: configuration.address, underlying: error)
        }
        let server = ExitNoticeServer(listener: listener)
        logger.info(
            "exit notice page listening", metadata: ["address": "\(server.localAddress.map { "\($0)" } ?? "?")"])
        return server
    }

    /// Closes the listener; connections in flight finish on their own (each lives at most
    /// `requestTimeout`).
    public func stop() async {
        try? await listener.close()
    }
}
