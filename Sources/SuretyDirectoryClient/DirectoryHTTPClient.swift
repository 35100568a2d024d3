public import NIOCore
public import NIOHTTP1
public import NIOPosix

/// A deliberately small HTTP/1.1 client for the directory protocol: one request per connection,
/// a hard limit on response size and on total time, no redirects, no TLS (public signed documents
/// travel over plain HTTP; every document is verified after download, DESIGN.md "Operations").
///
/// Used by relays and clients to fetch the consensus and upload descriptors, by authorities to
/// exchange votes and signatures, and by `surety-admin submit`.
public struct DirectoryHTTPClient: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
        /// The `error.message` of a JSON error body, or the body as text.
        public var errorText: String { String(decoding: body.prefix(1024), as: UTF8.self) }
    }

    public let group: any EventLoopGroup
    /// Largest response body accepted (larger → `DirectoryClientError.responseTooLarge`).
    public var maximumResponseSize: Int
    /// Deadline for connect + request + whole response.
    public var timeout: TimeAmount

    public init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, maximumResponseSize: Int = 16 << 20,
        timeout: TimeAmount = .seconds(10)
    ) {
        self.group = group
        self.maximumResponseSize = maximumResponseSize
        self.timeout = timeout
    }

    public func get(_ address: String, path: String) async throws -> Response {
        try await request(.GET, address: address, path: path, body: nil)
    }

    public func post(_ address: String, path: String, body: [UInt8]) async throws -> Response {
        try await request(.POST, address: address, path: path, body: body)
    }

    /// Sends one request to `address` ("host:port") and returns the status and body.
    public func request(_ method: HTTPMethod, address: String, path: String, body: [UInt8]?) async throws -> Response {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw DirectoryClientError(.badAddress, "\"\(address)\" is not host:port")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: Response.self)
        let limit = maximumResponseSize
        let deadline = eventLoop.scheduleTask(in: timeout) {
            promise.fail(DirectoryClientError(.timeout, "no complete answer from \(address) within the time limit"))
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        let connect = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ResponseCollector(promise: promise, limit: limit))
                }
            }
            .connect(host: host, port: port)
        connect.whenFailure { error in
            promise.fail(DirectoryClientError(.connectFailed, "cannot connect to \(address): \(error)"))
        }
        connect.whenSuccess { channel in
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
            head.headers.add(name: "Host", value: address)
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "User-Agent", value: "surety-directory-client/1")
            if let body {
                head.headers.add(name: "Content-Type", value: "application/octet-stream")
                head.headers.add(name: "Content-Length", value: String(body.count))
            }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body {
                channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
            }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { error in
                promise.fail(DirectoryClientError(.connectFailed, "cannot send to \(address): \(error)"))
            }
        }
        return try await promise.futureResult.get()
    }
}

/// Collects one HTTP response, failing as soon as the body exceeds the limit.
private final class ResponseCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<DirectoryHTTPClient.Response>
    private let limit: Int
    private var status = 0
    private var body: [UInt8] = []

    init(promise: EventLoopPromise<DirectoryHTTPClient.Response>, limit: Int) {
        self.promise = promise
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            if let length = head.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                fail(context, DirectoryClientError(.responseTooLarge, "response of \(length) bytes exceeds \(limit)"))
            }
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= limit else {
                fail(context, DirectoryClientError(.responseTooLarge, "response exceeds \(limit) bytes"))
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            promise.succeed(.init(status: status, body: body))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(DirectoryClientError(.connectFailed, "connection closed before the response ended"))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, DirectoryClientError(.badResponse, "\(error)"))
    }

    private func fail(_ context: ChannelHandlerContext, _ error: DirectoryClientError) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
