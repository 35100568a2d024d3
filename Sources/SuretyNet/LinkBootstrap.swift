public import NIOCore
import NIOPosix
public import SuretyCrypto
import SuretyWire

/// Opens and accepts Noise XK links (Docs/SPEC.md §2): the channel pipelines of both ends.
public enum LinkBootstrap {
    /// Quiet time after which a PADDING cell keeps the link alive, and silence after which it is closed.
    public static let keepaliveInterval: TimeAmount = .seconds(30)
    public static let idleTimeout: TimeAmount = .seconds(180)

    static func addHandlers(
        to channel: any Channel, role: NoiseLinkHandler.Role, credentials: LinkCredentials,
        delegate: any CellLinkDelegate, handshakeTimeout: TimeAmount, established: EventLoopPromise<CellLink>?
    ) throws {
        let isInitiator: Bool
        if case .initiator = role { isInitiator = true } else { isInitiator = false }
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(IdleStateHandler(readTimeout: idleTimeout, writeTimeout: keepaliveInterval))
        try sync.addHandler(ByteToMessageHandler(LinkFrameDecoder()))
        try sync.addHandler(
            try NoiseLinkHandler(role: role, credentials: credentials, handshakeTimeout: handshakeTimeout))
        try sync.addHandler(CellLinkHandler(delegate: delegate, isInitiator: isInitiator, established: established))
    }

    /// Dials a relay and completes with the link once its identity is proven.
    /// Must be called on `eventLoop`; the delegate is used only there.
    public static func dial(
        address: SocketAddress, responderKey: X25519.PublicKey, credentials: LinkCredentials,
        delegate: any CellLinkDelegate, eventLoop: any EventLoop, timeout: TimeAmount
    ) -> EventLoopFuture<CellLink> {
        let promise = eventLoop.makePromise(of: CellLink.self)
        let bound = NIOLoopBound(delegate, eventLoop: eventLoop)
        let boundPromise = NIOLoopBound(promise, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try addHandlers(
                        to: channel, role: .initiator(responderKey: responderKey), credentials: credentials,
                        delegate: bound.value, handshakeTimeout: timeout, established: boundPromise.value)
                }
            }
            .connect(to: address)
            .whenFailure { error in promise.fail(LinkError(.connectFailed, "\(error)")) }
        return promise.futureResult
    }

    /// Listens for links on `host:port` (port 0: any free port). Must be called on `eventLoop`.
    public static func listen(
        host: String, port: Int, credentials: @escaping @Sendable () -> LinkCredentials,
        delegate: any CellLinkDelegate, eventLoop: any EventLoop, handshakeTimeout: TimeAmount
    ) -> EventLoopFuture<any Channel> {
        let bound = NIOLoopBound(delegate, eventLoop: eventLoop)
        return ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try addHandlers(
                        to: channel, role: .responder, credentials: credentials(), delegate: bound.value,
                        handshakeTimeout: handshakeTimeout, established: nil)
                }
            }
            .bind(host: host, port: port)
    }
}
