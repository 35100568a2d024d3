import NIOCore
import NIOHTTP1

/// Answers one HTTP/1 request per connection with the notice page: GET and HEAD on any path get
/// the page (a person may type any URL at the address), other methods get 405. Every response
/// carries `Connection: close` and the connection closes once it is written, so the handler
/// holds no state beyond one request.
final class ExitNoticeHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let body: [UInt8]
    private var head: HTTPRequestHead?
    private var responded = false

    init(body: [UInt8]) {
        self.body = body
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
        case .body:
            // Ignored; its size is bounded by ExitNoticeConnectionGuard.
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
        let allowed = head.method == .GET || head.method == .HEAD
        let status: HTTPResponseStatus = allowed ? .ok : .methodNotAllowed
        let content = allowed ? body : Array("method not allowed\n".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: allowed ? "text/html; charset=utf-8" : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(content.count))
        // The page loads nothing and runs nothing; say so to the browser.
        headers.add(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        headers.add(name: "Cache-Control", value: "max-age=3600")
        headers.add(name: "Connection", value: "close")
        if !allowed { headers.add(name: "Allow", value: "GET, HEAD") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD {
            let buffer = context.channel.allocator.buffer(bytes: content)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
