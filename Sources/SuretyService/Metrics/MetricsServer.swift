public import Logging
import NIOConcurrencyHelpers
public import NIOCore
import NIOHTTP1
public import NIOPosix
public import Prometheus
public import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal HTTP/1 server for Prometheus scrapes (GET /metrics) and health checks (GET /healthz),
/// run as a swift-service-lifecycle `Service`: graceful shutdown closes the listener.
///
/// Issue 7 §4. It listens on loopback by default; connections, request size and request time
/// are bounded because the port may be reachable by anyone on the host.
public final class MetricsServer: Service, Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Where to listen; port 0 picks a free port (read it back from `bind()`).
        public var address: SocketAddress
        /// Connections beyond this are closed at once.
        public var maxConnections: Int
        /// A request (head and any body) larger than this gets 413 and the connection is closed.
        public var maxRequestBytes: Int
        /// A connection is closed this long after it opened, answered or not.
        public var requestTimeout: Duration

        public init(
            address: SocketAddress,
            maxConnections: Int = 16,
            maxRequestBytes: Int = 8192,
            requestTimeout: Duration = .seconds(10)
        ) {
            self.address = address
            self.maxConnections = maxConnections
            self.maxRequestBytes = maxRequestBytes
            self.requestTimeout = requestTimeout
        }
    }

    private enum State {
        case idle
        case binding
        case bound(any Channel)
        case closed
    }

    public let configuration: Configuration
    private let logger: Logger
    private let group: any EventLoopGroup
    private let metrics: @Sendable () -> [UInt8]
    private let health: @Sendable () -> HealthStatus
    private let state = NIOLockedValueBox(State.idle)
    private let openConnections = NIOLockedValueBox(0)

    /// Serves `registry` (usually `MetricsSetup.bootstrap()`); `health` is called for each
    /// /healthz request on an event loop, so it must be quick and must not block.
    public convenience init(
        configuration: Configuration,
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        health: @escaping @Sendable () -> HealthStatus = { .ok }
    ) {
        self.init(
            configuration: configuration, logger: logger, eventLoopGroup: eventLoopGroup,
            metrics: { registry.emitToBuffer() }, health: health)
    }

    /// Serves whatever `metrics` renders (Prometheus text format).
    public init(
        configuration: Configuration,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        metrics: @escaping @Sendable () -> [UInt8],
        health: @escaping @Sendable () -> HealthStatus = { .ok }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.group = eventLoopGroup
        self.metrics = metrics
        self.health = health
    }

    /// The address actually listened on, once bound.
    public var localAddress: SocketAddress? {
        state.withLockedValue { state in
            if case .bound(let channel) = state { return channel.localAddress }
            return nil
        }
    }

    /// Starts listening and returns the bound address. Calling it before `run()` lets a daemon
    /// fail at start with a clear message if the port is taken; `run()` binds if this was not done.
    @discardableResult
    public func bind() async throws(ServiceError) -> SocketAddress {
        let channel = try await bindIfNeeded()
        guard let address = channel.localAddress else {
            throw ServiceError(.bindFailed, "metrics server: the listener has no local address")
        }
        return address
    }

    /// Serves until graceful shutdown or cancellation, then closes the listener.
    public func run() async throws {
        let channel = try await bindIfNeeded()
        logger.info(
            "metrics server listening",
            metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
        await withTaskCancellationOrGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
        state.withLockedValue { $0 = .closed }
        logger.info("metrics server stopped")
    }

    /// Closes the listener (also done by graceful shutdown of `run()`).
    public func close() async {
        let channel = state.withLockedValue { state -> (any Channel)? in
            defer { state = .closed }
            if case .bound(let channel) = state { return channel }
            return nil
        }
        try? await channel?.close()
    }

    private func bindIfNeeded() async throws(ServiceError) -> any Channel {
        let action = state.withLockedValue { state -> Result<(any Channel)?, ServiceError> in
            switch state {
            case .idle:
                state = .binding
                return .success(nil)
            case .bound(let channel):
                return .success(channel)
            case .binding:
                return .failure(ServiceError(.invalidState, "metrics server: bind() is already in progress"))
            case .closed:
                return .failure(ServiceError(.invalidState, "metrics server: already stopped; create a new one"))
            }
        }
        if let existing = try action.get() { return existing }
        do {
            let channel = try await makeBootstrap().bind(to: configuration.address).get()
            state.withLockedValue { $0 = .bound(channel) }
            return channel
        } catch {
            state.withLockedValue { $0 = .idle }
            throw Self.bindError(error, address: configuration.address)
        }
    }

    private func makeBootstrap() -> ServerBootstrap {
        let configuration = self.configuration
        let connections = openConnections
        let metrics = self.metrics
        let health = self.health
        let logger = self.logger
        return ServerBootstrap(group: group)
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
                    logger.debug("metrics server: connection limit reached, closing a new connection")
                    return channel.close()
                }
                channel.closeFuture.whenComplete { _ in
                    connections.withLockedValue { $0 -= 1 }
                }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(
                        ConnectionGuardHandler(
                            maxBytes: configuration.maxRequestBytes,
                            timeout: TimeAmount(configuration.requestTimeout)))
                    try sync.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
                    try sync.addHandler(MetricsHTTPHandler(metrics: metrics, health: health))
                }
            }
    }

    static func bindError(_ error: any Error, address: SocketAddress) -> ServiceError {
        let reason: String
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case EADDRINUSE:
                reason = "the address is already in use (is another daemon using it? change metrics.address)"
            case EACCES:
                reason = "permission denied (ports below 1024 need privileges)"
            case EADDRNOTAVAIL:
                reason = "the address does not belong to this machine"
            default:
                reason = POSIX.describe(ioError.errnoCode)
            }
        } else {
            reason = "\(error)"
        }
        return ServiceError(.bindFailed, "metrics server: cannot listen on \(address): \(reason)")
    }
}
