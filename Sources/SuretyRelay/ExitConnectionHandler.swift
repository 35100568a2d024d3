import NIOCore

/// The exit's TCP connection to a destination: hands bytes to the core (which packages them into
/// DATA cells under the windows) and reports closure and writability. Reads are manual
/// (`autoRead` off): the core asks for more only when the windows allow.
final class ExitConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let core: RelayCore
    private let stream: ExitStream

    init(core: RelayCore, stream: ExitStream) {
        self.core = core
        self.stream = stream
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        core.exitReceived(stream, unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        core.exitResume(stream)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.exitDestinationClosed(stream)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        core.exitWritabilityChanged(stream)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
