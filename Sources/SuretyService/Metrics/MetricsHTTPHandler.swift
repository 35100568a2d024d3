import NIOCore
import NIOHTTP1

/// Answers one HTTP/1 request per connection: GET/HEAD /metrics (Prometheus text exposition
/// format 0.0.4) and /healthz (JSON), 404 for other paths, 405 for other methods. Every response
/// carries `Connection: close` and the connection is closed once it is written, which keeps the
/// server's per-connection state to a single request.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    private let metrics: @Sendable () -> [UInt8]
    private let health: @Sendable () -> HealthStatus
    private var head: HTTPRequestHead?
    private var responded = false

    init(metrics: @escaping @Sendable () -> [UInt8], health: @escaping @Sendable () -> HealthStatus) {
        self.metrics = metrics
        self.health = health
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
        case .body:
            // Scrapes carry no body; its size is bounded by ConnectionGuardHandler.
            break
        case .end:
            guard let head, !responded else { return }
            responded = true
            respond(to: head, context: context)
        }
    }

    /// Malformed requests already got a 400 from NIO's error handler; any error ends the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let response: (status: HTTPResponseStatus, contentType: String, body: [UInt8])
        switch path {
        case "/metrics", "/healthz":
            guard head.method == .GET || head.method == .HEAD else {
                response = (.methodNotAllowed, "text/plain; charset=utf-8", Array("method not allowed\n".utf8))
                break
            }
            if path == "/metrics" {
                response = (.ok, Self.metricsContentType, metrics())
            } else {
                let status = health()
                response = (
                    status.isHealthy ? .ok : .serviceUnavailable, "application/json", Array(status.json.utf8)
                )
            }
        default:
            response = (.notFound, "text/plain; charset=utf-8", Array("not found\n".utf8))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Connection", value: "close")
        if response.status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))),
            promise: nil)
        if head.method != .HEAD, !response.body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

/// Bounds what one connection may cost: at most `maxBytes` received and `timeout` of lifetime,
/// so a slow or oversized client cannot hold a connection slot or memory.
final class ConnectionGuardHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let maxBytes: Int
    private let timeout: TimeAmount
    private var received = 0
    private var deadline: Scheduled<Void>?
    private var rejected = false

    init(maxBytes: Int, timeout: TimeAmount) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !rejected else { return }
        let buffer = unwrapInboundIn(data)
        received += buffer.readableBytes
        guard received <= maxBytes else {
            rejected = true
            let reply = "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: reply)))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        context.fireChannelRead(data)
    }
}
