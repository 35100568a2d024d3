public import NIOCore

/// The server side of the client's local proxy port, without I/O: SOCKS5 (RFC 1928, with RFC 1929
/// username/password used only for stream isolation) and HTTP CONNECT (RFC 9110 §9.3.6) on one port,
/// told apart by the first byte (issue 4 §4, "surety-client").
///
/// NIOSOCKS-style (STYLE.md): a plain value that takes bytes and returns what to do; the channel
/// handler only performs the actions. Usage:
///
/// 1. On every read call `receive(_:)`, then keep calling `nextAction()` while the result is `.send`
///    (a client may pipeline its greeting, credentials and request in one read). Stop at
///    `.needMoreBytes` (wait for the next read), `.connect` (open the stream; stop reading from the
///    client until the outcome is known) or `.fail` (write the reply, then close).
/// 2. When the stream opened, `connected()` returns the success reply and any bytes the client sent
///    after its request (to forward once the reply is written). When it did not, `failed(_:)` returns
///    the reply to write before closing.
///
/// Every decision depends only on the bytes received, never on how they were split into reads.
/// Handshake bytes are bounded (`maximumHandshakeBytes`); lengths from the wire are never used to
/// allocate before the bytes they announce have arrived. The handler enforces the handshake timeout.
public struct ProxyHandshakeStateMachine: Sendable {
    /// What the caller must do next.
    public enum Action: Sendable, Equatable {
        /// Write these bytes to the client, then call `nextAction()`.
        case send(ByteBuffer)
        /// Open a stream for this request, then report with `connected()` or `failed(_:)`.
        case connect(ProxyRequest)
        /// Write `reply` (possibly empty) to the client and close the connection.
        case fail(reply: ByteBuffer, error: ProxyError)
        /// Nothing to do until more bytes arrive from the client.
        case needMoreBytes
    }

    /// The result of `connected()`.
    public struct Established: Sendable, Equatable {
        /// The success reply: SOCKS5 REP=0x00, or `HTTP/1.1 200 Connection established`.
        public var reply: ByteBuffer
        /// Bytes the client sent after its request; forward them into the stream after the reply.
        public var leftover: ByteBuffer
    }

    /// Largest handshake message accepted before it is complete: the HTTP head bound (SOCKS5 messages
    /// are at most 513 bytes by construction).
    public static let maximumHandshakeBytes = HTTPConnectHead.maximumHeadBytes
    /// Most header lines in an HTTP CONNECT request.
    public static let maximumHeaderLines = HTTPConnectHead.maximumHeaderLines

    enum State: Sendable {
        case sniffing
        case socks5Greeting
        case socks5Authentication
        case socks5Request(ProxyCredentials?)
        case httpHead(scannedBytes: Int)
        case awaitingOutcome(ProxyProtocol)
        case established
        case failed(ProxyError)
    }

    var state: State = .sniffing
    /// Unprocessed client bytes; after `.connect` these are the early data handed back as leftover.
    var pending: ByteBuffer
    /// Bound on early data buffered while the stream is being opened.
    public let maximumEarlyDataBytes: Int

    /// - Parameter maximumEarlyDataBytes: how many bytes a client may send after its request, while
    ///   the stream is being opened, before it is refused. The handler should stop reading after
    ///   `.connect`, so this only has to cover one read.
    public init(maximumEarlyDataBytes: Int = 64 * 1024) {
        self.maximumEarlyDataBytes = maximumEarlyDataBytes
        self.pending = ByteBufferAllocator().buffer(capacity: 0)
    }

    /// The protocol the client is speaking, once the first byte has told it.
    public var proxyProtocol: ProxyProtocol? {
        switch state {
        case .sniffing, .failed, .established: nil
        case .socks5Greeting, .socks5Authentication, .socks5Request: .socks5
        case .httpHead: .httpConnect
        case .awaitingOutcome(let proxyProtocol): proxyProtocol
        }
    }

    /// Takes all readable bytes from `buffer` (leaving it empty) and returns the first action.
    public mutating func receive(_ buffer: inout ByteBuffer) -> Action {
        if buffer.readableBytes > 0 {
            if pending.readableBytes == 0 {
                pending = buffer
            } else {
                pending.writeBuffer(&buffer)
            }
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        return nextAction()
    }

    /// Continues with bytes already received. Call after performing a `.send`.
    public mutating func nextAction() -> Action {
        switch state {
        case .sniffing:
            return sniff()
        case .socks5Greeting:
            return socks5Greeting()
        case .socks5Authentication:
            return socks5Authentication()
        case .socks5Request(let credentials):
            return socks5Request(credentials: credentials)
        case .httpHead(let scannedBytes):
            return httpHead(scannedBytes: scannedBytes)
        case .awaitingOutcome:
            guard pending.readableBytes <= maximumEarlyDataBytes else {
                return fail(
                    reply: emptyBuffer(),
                    ProxyError(
                        .bufferLimitExceeded,
                        "more than \(maximumEarlyDataBytes) bytes sent before the connection was established"))
            }
            return .needMoreBytes
        case .established:
            return .fail(
                reply: emptyBuffer(),
                error: ProxyError(.invalidState, "the handshake is over; bytes now belong to the stream"))
        case .failed(let error):
            return .fail(reply: emptyBuffer(), error: error)
        }
    }

    /// The stream is open: returns the success reply and the client's early data.
    /// - Throws: `ProxyError.Code.invalidState` unless the last action was `.connect`.
    public mutating func connected() throws(ProxyError) -> Established {
        guard case .awaitingOutcome(let proxyProtocol) = state else {
            throw ProxyError(.invalidState, "connected() called without a pending .connect")
        }
        state = .established
        let reply =
            switch proxyProtocol {
            case .socks5: SOCKS5Message.reply(SOCKS5Message.Reply.succeeded)
            case .httpConnect: HTTPProxyResponse.established()
            }
        let leftover = pending
        pending = emptyBuffer()
        return Established(reply: reply, leftover: leftover)
    }

    /// The stream could not be opened: returns the reply to write before closing.
    /// - Throws: `ProxyError.Code.invalidState` unless the last action was `.connect`.
    public mutating func failed(_ failure: ProxyFailure) throws(ProxyError) -> ByteBuffer {
        guard case .awaitingOutcome(let proxyProtocol) = state else {
            throw ProxyError(.invalidState, "failed(_:) called without a pending .connect")
        }
        state = .failed(ProxyError(.invalidState, "the connection failed: \(failure.explanation)"))
        pending = emptyBuffer()
        switch proxyProtocol {
        case .socks5: return SOCKS5Message.reply(failure.socks5ReplyCode)
        case .httpConnect: return HTTPProxyResponse.failure(failure)
        }
    }

    // MARK: - Steps

    private mutating func sniff() -> Action {
        guard let first = pending.getInteger(at: pending.readerIndex, as: UInt8.self) else { return .needMoreBytes }
        switch first {
        case SOCKS5Message.version:
            state = .socks5Greeting
            return socks5Greeting()
        case 0x04:
            return fail(
                reply: SOCKS5Message.socks4Rejection,
                ProxyError(
                    .socks4NotSupported,
                    "SOCKS4 is not supported; use SOCKS5 with remote name resolution (curl --socks5-hostname)"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            state = .httpHead(scannedBytes: 0)
            return httpHead(scannedBytes: 0)
        case 0x16:
            return fail(
                reply: emptyBuffer(),
                ProxyError(.unrecognizedProtocol, "a TLS handshake arrived; this port speaks SOCKS5 and HTTP CONNECT"))
        default:
            return fail(
                reply: emptyBuffer(),
                ProxyError(
                    .unrecognizedProtocol,
                    "first byte 0x\(String(first, radix: 16)) is neither SOCKS5 nor an HTTP method"))
        }
    }

    private mutating func socks5Greeting() -> Action {
        guard case .complete(let methods, let length) = SOCKS5Message.peekGreeting(pending) else {
            return .needMoreBytes
        }
        pending.moveReaderIndex(forwardBy: length)
        let method = SOCKS5Message.selectMethod(from: methods)
        switch method {
        case SOCKS5Message.Method.usernamePassword:
            state = .socks5Authentication
        case SOCKS5Message.Method.noAuthentication:
            state = .socks5Request(nil)
        default:
            return fail(
                reply: SOCKS5Message.methodSelection(method),
                ProxyError(
                    .noAcceptableAuthenticationMethod,
                    "the SOCKS5 client offered neither 'no authentication' nor username/password"))
        }
        return .send(SOCKS5Message.methodSelection(method))
    }

    private mutating func socks5Authentication() -> Action {
        guard let version = pending.getInteger(at: pending.readerIndex, as: UInt8.self) else { return .needMoreBytes }
        guard version == SOCKS5Message.authenticationVersion else {
            return fail(
                reply: SOCKS5Message.authenticationStatus(success: false),
                ProxyError(.authenticationFailed, "username/password sub-negotiation version \(version), expected 1"))
        }
        guard case .complete(let credentials, let length) = SOCKS5Message.peekCredentials(pending) else {
            return .needMoreBytes
        }
        pending.moveReaderIndex(forwardBy: length)
        state = .socks5Request(credentials)
        return .send(SOCKS5Message.authenticationStatus(success: true))
    }

    private mutating func socks5Request(credentials: ProxyCredentials?) -> Action {
        guard case .complete(let request, let length) = SOCKS5Message.peekRequest(pending) else {
            return .needMoreBytes
        }
        switch request {
        case .connect(let target, let port):
            pending.moveReaderIndex(forwardBy: length)
            state = .awaitingOutcome(.socks5)
            let key = ProxyIsolationKey(proxyProtocol: .socks5, credentials: credentials)
            return .connect(ProxyRequest(target: target, port: port, isolationKey: key))
        case .badVersion:
            return fail(
                reply: SOCKS5Message.reply(ProxyFailure.generalFailure.socks5ReplyCode),
                ProxyError(.malformedRequest, "SOCKS5 request with a version other than 5"))
        case .unsupportedCommand(let command):
            let name =
                switch command {
                case SOCKS5Message.Command.bind: "BIND"
                case SOCKS5Message.Command.udpAssociate: "UDP ASSOCIATE"
                default: "command \(command)"
                }
            return fail(
                reply: SOCKS5Message.reply(ProxyFailure.commandNotSupported.socks5ReplyCode),
                ProxyError(.unsupportedCommand, "SOCKS5 \(name) is not supported; only CONNECT"))
        case .unsupportedAddressType(let type):
            return fail(
                reply: SOCKS5Message.reply(ProxyFailure.addressTypeNotSupported.socks5ReplyCode),
                ProxyError(.unsupportedAddressType, "SOCKS5 address type \(type) is not supported"))
        case .invalidDomain:
            return fail(
                reply: SOCKS5Message.reply(ProxyFailure.generalFailure.socks5ReplyCode),
                ProxyError(.invalidTarget, "the SOCKS5 target is not a valid host name"))
        }
    }

    private mutating func httpHead(scannedBytes: Int) -> Action {
        var scanned = scannedBytes
        switch HTTPConnectHead.scan(pending, resumeAt: &scanned) {
        case .needMoreBytes:
            state = .httpHead(scannedBytes: scanned)
            return .needMoreBytes
        case .tooLarge:
            let rejection = HTTPConnectHead.Rejection(
                431, .handshakeTooLarge,
                "the CONNECT request head exceeds \(HTTPConnectHead.maximumHeadBytes) bytes")
            return fail(reply: rejection.response, rejection.error)
        case .complete(let length):
            let head = pending.getBytes(at: pending.readerIndex, length: length) ?? []
            let parsed: HTTPConnectHead
            do {
                parsed = try HTTPConnectHead.parse(head)
            } catch {
                return fail(reply: error.response, error.error)
            }
            pending.moveReaderIndex(forwardBy: length)
            state = .awaitingOutcome(.httpConnect)
            let key = ProxyIsolationKey(proxyProtocol: .httpConnect, credentials: parsed.credentials)
            return .connect(ProxyRequest(target: parsed.target, port: parsed.port, isolationKey: key))
        }
    }

    private mutating func fail(reply: ByteBuffer, _ error: ProxyError) -> Action {
        state = .failed(error)
        pending = emptyBuffer()
        return .fail(reply: reply, error: error)
    }

    private func emptyBuffer() -> ByteBuffer {
        ByteBufferAllocator().buffer(capacity: 0)
    }
}
