public import Hummingbird
public import Logging
import NIOCore
import SuretyCrypto
import SuretyDirectoryClient

/// The authority's HTTP API (Docs/SPEC-DOCUMENTS.md §D.12) on Hummingbird. Routes are thin: each
/// bounds the request body, calls `DirectoryAuthority` and maps every failure to a 4xx JSON error
/// `{"error": {"code": ..., "message": ...}}`; nothing a client sends produces a 500.
public enum DirectoryHTTPServer {
    public typealias Context = BasicRequestContext

    /// The router for `authority`. `metricsText` renders Prometheus text for /metrics (nil: 404).
    public static func router(
        authority: DirectoryAuthority, metricsText: (@Sendable () -> String)? = nil
    ) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: JSONErrorMiddleware())
        let limits = authority.configuration

        router.get(RouterPath(DirectoryPaths.health)) { _, _ in
            let health = await authority.health()
            return json(
                status: health.healthy ? .ok : .serviceUnavailable,
                "{\"status\": \"\(health.healthy ? "ok" : "degraded")\", \"detail\": \(quoted(health.detail))}")
        }
        router.get(RouterPath(DirectoryPaths.metrics)) { _, _ in
            guard let metricsText else { throw DirectoryError.notFound("metrics are not enabled") }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metricsText())))
        }

        router.post(RouterPath(DirectoryPaths.descriptors)) { request, _ in
            let body = try await collect(request, limit: limits.maximumDescriptorSize)
            let id = try await authority.submitDescriptor(body)
            return json(status: .ok, "{\"accepted\": \(quoted(id))}")
        }
        router.get(RouterPath(DirectoryPaths.descriptors)) { _, _ in
            octets(try await authority.descriptorBundle())
        }

        router.post(RouterPath(DirectoryPaths.governance)) { request, _ in
            let body = try await collect(request, limit: limits.maximumActionSize)
            let result = try await authority.submitGovernanceAction(body)
            return json(status: .ok, "{\"accepted\": \(quoted(result.id)), \"position\": \(result.position)}")
        }
        router.get(RouterPath(DirectoryPaths.members)) { request, _ in
            var since: UInt64 = 0
            if let text = request.uri.queryParameters["since"] {
                guard let value = UInt64(text) else { throw DirectoryError.malformed("since must be a number") }
                since = value
            }
            return octets(try await authority.memberBundle(since: since))
        }
        router.get("/v1/members/:id") { _, context in
            octets(try await authority.memberCertificate(id: try hexParameter(context, "id")))
        }

        router.get(RouterPath(DirectoryPaths.consensus)) { _, _ in octets(try await authority.currentConsensus()) }
        router.get("/v1/consensus/diff/:id") { _, context in
            octets(try await authority.consensusDiff(fromID: try hexParameter(context, "id")))
        }
        router.get("/v1/consensus/:validAfter") { _, context in
            octets(try await authority.consensus(validAfter: try numberParameter(context, "validAfter")))
        }

        router.post(RouterPath(DirectoryPaths.votes)) { request, _ in
            try await authority.receiveVote(try await collect(request, limit: limits.maximumVoteSize))
            return json(status: .ok, "{\"accepted\": true}")
        }
        router.get("/v1/votes/:validAfter") { _, context in
            octets(try await authority.voteBundle(validAfter: try numberParameter(context, "validAfter")))
        }
        router.post(RouterPath(DirectoryPaths.signatures)) { request, _ in
            try await authority.receiveSignatures(try await collect(request, limit: 64 * 1024))
            return json(status: .ok, "{\"accepted\": true}")
        }
        router.get("/v1/signatures/:validAfter") { _, context in
            octets(try await authority.signatureBundle(validAfter: try numberParameter(context, "validAfter")))
        }
        addGovernanceRoutes(to: router, authority: authority)
        return router
    }

    /// An Application serving `authority` on `host:port` (port 0: any free port, reported through
    /// `onServerRunning`).
    public static func application(
        authority: DirectoryAuthority, host: String, port: Int, logger: Logger,
        metricsText: (@Sendable () -> String)? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(authority: authority, metricsText: metricsText),
            configuration: .init(address: .hostname(host, port: port), serverName: "surety-dir"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    // MARK: Helpers

    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        var request = request
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw DirectoryError.tooLarge(limit)
        }
        do {
            var buffer = try await request.collectBody(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw DirectoryError.tooLarge(limit)
        }
    }

    static func hexParameter(_ context: Context, _ name: String) throws -> [UInt8] {
        guard let text = context.parameters.get(name), text.utf8.count == 64, let bytes = HexString.decode(text) else {
            throw DirectoryError.malformed("\(name) must be 64 hex digits")
        }
        return bytes
    }

    static func numberParameter(_ context: Context, _ name: String) throws -> UInt64 {
        guard let text = context.parameters.get(name), let value = UInt64(text) else {
            throw DirectoryError.malformed("\(name) must be a decimal number")
        }
        return value
    }

    static func octets(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/octet-stream"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON string literal (RFC 8259 §7 escaping).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func errorResponse(_ error: DirectoryError) -> Response {
        json(
            status: HTTPResponse.Status(code: error.status),
            "{\"error\": {\"code\": \(quoted(error.code)), \"message\": \(quoted(error.message))}}")
    }
}

/// Turns every error (ours, Hummingbird's 404/405/413, anything unexpected) into the JSON error shape.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as DirectoryError {
            return DirectoryHTTPServer.errorResponse(error)
        } catch let error as HTTPError {
            let code: String
            switch error.status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .contentTooLarge: code = "body_too_large"
            default: code = "bad_request"
            }
            let status = error.status.code >= 500 ? 400 : error.status.code
            return DirectoryHTTPServer.errorResponse(
                DirectoryError(status: status, code: code, error.body ?? error.status.reasonPhrase))
        } catch {
            return DirectoryHTTPServer.errorResponse(DirectoryError.from(error))
        }
    }
}
