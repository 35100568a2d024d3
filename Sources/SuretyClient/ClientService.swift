public import Logging
public import NIOCore
import NIOPosix

/// A running client: circuit manager and (once started with a front end) the local proxy port.
/// `Sendable`: all state lives in the loop-confined core.
public final class ClientService: Sendable {
    public let configuration: ClientConfiguration
    let eventLoop: any EventLoop
    let core: NIOLoopBound<ClientCore>
    private let listener: (any Channel)?
    /// The bound proxy port (0 when started without a front end).
    public let proxyPort: Int

    init(
        configuration: ClientConfiguration, eventLoop: any EventLoop, core: NIOLoopBound<ClientCore>,
        listener: (any Channel)?
    ) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.core = core
        self.listener = listener
        proxyPort = listener?.localAddress?.port ?? 0
    }

    /// Starts the circuit manager on `eventLoop`; with `listenProxy` also the SOCKS5/HTTP CONNECT port.
    public static func start(
        configuration: ClientConfiguration, eventLoop: any EventLoop, logger: Logger, listenProxy: Bool = true
    ) async throws -> ClientService {
        let core = try await eventLoop.submit {
            NIOLoopBound(ClientCore(config: configuration, eventLoop: eventLoop, logger: logger), eventLoop: eventLoop)
        }.get()
        var listener: (any Channel)?
        if listenProxy {
            listener = try await ProxyListener.bind(
                host: configuration.proxyHost, port: configuration.proxyPort, core: core, eventLoop: eventLoop,
                configuration: configuration)
        }
        let service = ClientService(configuration: configuration, eventLoop: eventLoop, core: core, listener: listener)
        try await eventLoop.submit { core.value.replenishPreemptive() }.get()
        return service
    }

    /// Builds a fresh circuit (isolated from everything else) and returns its path's nicknames.
    public func buildCircuit(isolation: String = "probe-\(UInt64.random(in: 0...UInt64.max))") async throws
        -> [String]
    {
        let core = self.core
        let promise = eventLoop.makePromise(of: [String].self)
        eventLoop.execute {
            core.value.circuit(isolation: AnyHashable(isolation), port: 80) { result in
                switch result {
                case .success(let handle): promise.succeed(handle.path.map(\.nickname))
                case .failure(let failure): promise.fail(failure)
                }
            }
        }
        return try await promise.futureResult.get()
    }

    /// Paths (nicknames) of open circuits that carry or carried streams (status and tests).
    public func usedCircuitPaths() async throws -> [[String]] {
        let core = self.core
        return try await eventLoop.submit { core.value.usedCircuitPaths }.get()
    }

    /// Governance revoked a relay: stop using it at once.
    public func relayRevoked(identity: [UInt8]) async {
        let core = self.core
        try? await eventLoop.submit { core.value.relayRevoked(identity) }.get()
    }

    public func relayReinstated(identity: [UInt8]) async {
        let core = self.core
        try? await eventLoop.submit { core.value.relayReinstated(identity) }.get()
    }

    /// Governance revoked this member (`actionID` identifies the action, for the log and replies).
    public func memberRevoked(actionID: String) async {
        let core = self.core
        try? await eventLoop.submit { core.value.memberRevoked(notice: actionID) }.get()
    }

    public func memberReinstated() async {
        let core = self.core
        try? await eventLoop.submit { core.value.memberReinstated() }.get()
    }

    /// Open circuits (status and tests).
    public func openCircuitCount() async throws -> Int {
        let core = self.core
        return try await eventLoop.submit { core.value.openCircuitCount }.get()
    }

    public func stop() async {
        try? await listener?.close()
        let core = self.core
        try? await eventLoop.submit { core.value.shutdown() }.get()
    }
}
