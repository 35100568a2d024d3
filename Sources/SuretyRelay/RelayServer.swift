public import Logging
public import NIOCore
public import NIOPosix
public import SuretyNet

/// A running relay: its link listener and cell path on one event loop.
/// `Sendable`: all state lives in the loop-confined core and is reached through the event loop.
public final class RelayServer: Sendable {
    public let configuration: RelayConfiguration
    private let eventLoop: any EventLoop
    private let core: NIOLoopBound<RelayCore>
    private let listener: any Channel
    /// The port the link listener is bound to.
    public let port: Int

    private init(
        configuration: RelayConfiguration, eventLoop: any EventLoop, core: NIOLoopBound<RelayCore>,
        listener: any Channel
    ) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.core = core
        self.listener = listener
        self.port = listener.localAddress?.port ?? 0
    }

    /// Starts the relay on `eventLoop` (one loop owns all links and circuits, Docs/ARCHITECTURE.md).
    public static func start(
        configuration: RelayConfiguration, eventLoop: any EventLoop, threadPool: NIOThreadPool, logger: Logger
    ) async throws -> RelayServer {
        try await eventLoop.flatSubmit { () -> EventLoopFuture<RelayServer> in
            let core = RelayCore(
                config: configuration, eventLoop: eventLoop, threadPool: threadPool, logger: logger)
            let bound = NIOLoopBound(core, eventLoop: eventLoop)
            return LinkBootstrap.listen(
                host: configuration.listenHost, port: configuration.listenPort,
                credentials: { bound.value.linkCredentials(asInitiator: false) }, delegate: core, eventLoop: eventLoop,
                handshakeTimeout: configuration.limits.handshakeTimeout
            ).map { listener in
                RelayServer(configuration: configuration, eventLoop: eventLoop, core: bound, listener: listener)
            }
        }.get()
    }

    /// Stops accepting links and closes every link (circuits die with DESTROY to neighbours).
    public func stop() async {
        try? await listener.close()
        let core = self.core
        try? await eventLoop.submit { core.value.closeAllLinks() }.get()
    }

    /// Enforces a verified revocation now (see `RelayCore.enforce`).
    public func enforce(_ subject: RevocationSet.Subject) async {
        let core = self.core
        try? await eventLoop.submit { core.value.enforce(subject) }.get()
    }

    /// Lifts a revocation (appeal: `reinstate`); new links and EXTENDs are accepted again.
    public func reinstate(_ subject: RevocationSet.Subject) {
        configuration.revocations.reinstate(subject)
    }

    /// Live circuit and link counts (tests, status).
    public func counts() async throws -> (links: Int, circuits: Int) {
        let core = self.core
        return try await eventLoop.submit { (core.value.linkCount, core.value.circuitCount) }.get()
    }
}
