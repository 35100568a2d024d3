import NIOCore
import NIOPosix
import SuretyProxy

/// Binds the local proxy port (SOCKS5 and HTTP CONNECT on one port, Docs/MEMBER_GUIDE.md).
enum ProxyListener {
    static func bind(
        host: String, port: Int, core: NIOLoopBound<ClientCore>, eventLoop: any EventLoop,
        configuration: ClientConfiguration
    ) async throws -> any Channel {
        try await ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let core = core.value
                    guard core.pendingProxyHandshakes < configuration.maxPendingProxyHandshakes else {
                        // Too many half-finished handshakes: refuse rather than queue without bound.
                        channel.close(promise: nil)
                        return
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ProxyFrontendHandler(core: core, handshakeTimeout: configuration.proxyHandshakeTimeout))
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}

/// One local application connection: runs the SOCKS5/HTTP CONNECT handshake state machine, opens a
/// stream through the network, then relays bytes. Reads are manual so a full circuit window
/// stops reading from the application (backpressure).
final class ProxyFrontendHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case handshaking
        case connecting
        case relaying(ClientStream)
        case closed
    }

    private let core: ClientCore
    private let handshakeTimeout: TimeAmount
    private var machine = ProxyHandshakeStateMachine()
    private var state: State = .handshaking
    private var timeout: Scheduled<Void>?
    private var countedAsPending = false

    init(core: ClientCore, handshakeTimeout: TimeAmount) {
        self.core = core
        self.handshakeTimeout = handshakeTimeout
    }

    func channelActive(context: ChannelHandlerContext) {
        core.pendingProxyHandshakes += 1
        countedAsPending = true
        let channel = context.channel
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: handshakeTimeout) { [weak self] in
            guard let self, case .handshaking = self.state else { return }
            self.state = .closed
            channel.close(promise: nil)
        }
        context.read()
        context.fireChannelActive()
    }

    private func handshakeFinished() {
        timeout?.cancel()
        if countedAsPending {
            countedAsPending = false
            core.pendingProxyHandshakes -= 1
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        switch state {
        case .handshaking:
            var action = machine.receive(&buffer)
            while true {
                switch action {
                case .send(let reply):
                    context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
                    action = machine.nextAction()
                    continue
                case .needMoreBytes:
                    context.read()
                case .fail(let reply, _):
                    state = .closed
                    handshakeFinished()
                    let channel = context.channel
                    channel.writeAndFlush(reply).whenComplete { _ in channel.close(promise: nil) }
                case .connect(let request):
                    state = .connecting
                    handshakeFinished()
                    connect(context: context, request: request)
                }
                break
            }
        case .connecting:
            // Early data after the request stays in the state machine's leftover; more is not read yet.
            var leftover = buffer
            _ = machine.receive(&leftover)
        case .relaying(let stream):
            core.send(stream, buffer)
        case .closed:
            break
        }
    }

    private func connect(context: ChannelHandlerContext, request: ProxyRequest) {
        let host: String
        switch request.target {
        case .domain(let name): host = name
        case .address(let address): host = "\(address)"
        }
        let channel = context.channel
        core.openStream(host: host, port: request.port, isolation: AnyHashable(request.isolationKey), channel: channel)
        {
            [self] result in
            guard case .connecting = state else { return }
            switch result {
            case .success(let stream):
                do {
                    let established = try machine.connected()
                    state = .relaying(stream)
                    channel.writeAndFlush(established.reply, promise: nil)
                    if established.leftover.readableBytes > 0 { core.send(stream, established.leftover) }
                    core.resume(stream)
                } catch {
                    state = .closed
                    channel.close(promise: nil)
                }
            case .failure(let failure):
                state = .closed
                let reply = (try? machine.failed(Self.proxyFailure(failure))) ?? ByteBuffer()
                channel.writeAndFlush(reply).whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }

    static func proxyFailure(_ failure: StreamFailure) -> ProxyFailure {
        switch failure {
        case .notAllowedByExitPolicy: return .notAllowedByRuleset
        case .networkUnreachable: return .networkUnreachable
        case .hostUnreachable: return .hostUnreachable
        case .connectionRefused: return .connectionRefused
        case .timedOut: return .timedOut
        case .generalFailure, .revoked: return .generalFailure
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeFinished()
        if case .relaying(let stream) = state { core.applicationClosed(stream) }
        state = .closed
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .relaying(let stream) = state { core.writabilityChanged(stream) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
