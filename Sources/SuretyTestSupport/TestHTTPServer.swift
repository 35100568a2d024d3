public import NIOCore
import NIOHTTP1
import NIOPosix

/// A small local HTTP/1.1 server for network tests and the demo: `GET /bytes/N` returns N
/// deterministic bytes (byte i = i mod 251), `GET /` a short HTML page.
public final class TestHTTPServer: Sendable {
    public let channel: any Channel
    public var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) { self.channel = channel }

    public static func start(group: any EventLoopGroup, host: String = "127.0.0.1", port: Int = 0) async throws
        -> TestHTTPServer
    {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler())
                }
            }
            .bind(host: host, port: port).get()
        return TestHTTPServer(channel: channel)
    }

    public func stop() async { try? await channel.close() }

    /// The body `GET /bytes/N` serves.
    public static func body(count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    public static let indexPage = """
        <!doctype html><html><head><title>Surety demo site</title></head>
        <body><h1>Hello from the Surety demo site</h1>
        <p>This page reached you through three Surety relays.</p></body></html>

        """

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        private var path = "/"

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): path = head.uri
            case .body: break
            case .end: respond(context: context)
            }
        }

        private func respond(context: ChannelHandlerContext) {
            var headers = HTTPHeaders()
            let status: HTTPResponseStatus
            var body = context.channel.allocator.buffer(capacity: 0)
            if path.hasPrefix("/bytes/"), let count = Int(path.dropFirst("/bytes/".count)), count >= 0,
                count <= 1 << 30
            {
                status = .ok
                headers.add(name: "Content-Type", value: "application/octet-stream")
                headers.add(name: "Content-Length", value: "\(count)")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                    promise: nil)
                // Stream the body in 64 KiB chunks, deterministic content.
                var sent = 0
                let chunk = 64 * 1024
                var block = context.channel.allocator.buffer(capacity: chunk + 251)
                block.writeBytes(TestHTTPServer.body(count: chunk + 251))
                while sent < count {
                    let length = min(chunk, count - sent)
                    let offset = sent % 251
                    context.write(
                        wrapOutboundOut(.body(.byteBuffer(block.getSlice(at: offset, length: length)!))), promise: nil)
                    sent += length
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            if path == "/" || path == "/index.html" {
                status = .ok
                body.writeString(TestHTTPServer.indexPage)
                headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
            } else {
                status = .notFound
                body.writeString("not found\n")
            }
            headers.add(name: "Content-Length", value: "\(body.readableBytes)")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
