public import NIOCore
public import SuretyCrypto

/// Runs the Noise XK link handshake and then encrypts and decrypts batches of cells
/// (Docs/SPEC.md §2). Inbound it yields plaintext `ByteBuffer`s holding whole cells; outbound it
/// takes plaintext buffers of whole cells and sends them in as few Noise messages as fit (≤ 63
/// cells each). It sends a PADDING cell when the link has been quiet and closes a link that has
/// been silent too long (driven by an `IdleStateHandler` in front of it).
public final class NoiseLinkHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    public enum Role: Sendable {
        /// We dial: we know the responder's static key from the consensus.
        case initiator(responderKey: X25519.PublicKey)
        case responder
    }

    public static let prologue = Array("surety-link/v1".utf8)
    public static let cellSize = 1024
    public static let maxCellsPerMessage = 63

    private enum State {
        case handshaking(NoiseHandshakeState)
        case established(NoiseTransport)
        case failed
    }

    private var state: State
    private let role: Role
    private let credentials: LinkCredentials
    private let handshakeTimeout: TimeAmount
    private var timeoutTask: Scheduled<Void>?
    /// Whether the last idle period saw any write (keepalive only when quiet).
    public private(set) var peer: LinkPeer?

    public init(role: Role, credentials: LinkCredentials, handshakeTimeout: TimeAmount = .seconds(10)) throws {
        self.role = role
        self.credentials = credentials
        self.handshakeTimeout = handshakeTimeout
        let handshake: NoiseHandshakeState
        switch role {
        case .initiator(let responderKey):
            handshake = try NoiseHandshakeState(
                pattern: .XK, role: .initiator, prologue: Self.prologue, localStatic: credentials.staticKey,
                remoteStatic: responderKey)
        case .responder:
            handshake = try NoiseHandshakeState(
                pattern: .XK, role: .responder, prologue: Self.prologue, localStatic: credentials.staticKey)
        }
        state = .handshaking(handshake)
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private var started = false

    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let timeout = handshakeTimeout
        timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self, case .handshaking = self.state else { return }
            self.fail(context: context, LinkError(.handshakeTimeout, "link handshake not finished in \(timeout)"))
        }
        if case .initiator = role { writeHandshakeMessage(context: context, payload: []) }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        timeoutTask?.cancel()
        context.fireChannelInactive()
    }

    // MARK: Inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        switch state {
        case .handshaking(var handshake):
            do {
                let payload = try handshake.readMessage(frame.readableBytesView)
                state = .handshaking(handshake)
                try advanceHandshake(context: context, receivedPayload: payload)
            } catch let error as LinkError {
                fail(context: context, error)
            } catch {
                fail(context: context, LinkError(.handshakeFailed, "\(error)"))
            }
        case .established(var transport):
            do {
                let length = try frame.withUnsafeMutableReadableBytes { try transport.decryptInPlace($0) }
                state = .established(transport)
                guard length > 0, length % Self.cellSize == 0 else {
                    throw LinkError(.protocolViolation, "transport message of \(length) bytes is not whole cells")
                }
                frame.moveWriterIndex(to: frame.readerIndex + length)
                context.fireChannelRead(wrapInboundOut(frame))
            } catch let error as LinkError {
                fail(context: context, error)
            } catch {
                fail(context: context, LinkError(.authenticationFailed, "transport message rejected: \(error)"))
            }
        case .failed:
            break
        }
    }

    private func advanceHandshake(context: ChannelHandlerContext, receivedPayload: [UInt8]) throws {
        guard case .handshaking(var handshake) = state else { return }
        switch (role, handshake.nextStep) {
        case (.initiator(let responderKey), .writeMessage):
            // Message 2 carried the responder's certificate for the key we dialled.
            let kind = try credentials.verifyPeer(receivedPayload, responderKey)
            let message3 = try handshake.writeMessage(payload: credentials.payload)
            let transport = try handshake.split()
            sendFrame(context: context, bytes: message3)
            context.flush()
            establish(
                context: context, transport: transport,
                peer: LinkPeer(kind: kind, staticKey: responderKey, handshakeHash: transport.handshakeHash))
        case (.responder, .writeMessage):
            // Message 1 carries nothing we use; message 2 carries our certificate.
            let message2 = try handshake.writeMessage(payload: credentials.payload)
            state = .handshaking(handshake)
            sendFrame(context: context, bytes: message2)
            context.flush()
        case (.responder, .split):
            guard let initiatorKey = handshake.remoteStaticKey else {
                throw LinkError(.handshakeFailed, "initiator static key missing")
            }
            let kind = try credentials.verifyPeer(receivedPayload, initiatorKey)
            let transport = try handshake.split()
            establish(
                context: context, transport: transport,
                peer: LinkPeer(kind: kind, staticKey: initiatorKey, handshakeHash: transport.handshakeHash))
        default:
            throw LinkError(.handshakeFailed, "unexpected handshake step \(handshake.nextStep)")
        }
    }

    private func writeHandshakeMessage(context: ChannelHandlerContext, payload: [UInt8]) {
        guard case .handshaking(var handshake) = state else { return }
        do {
            let message = try handshake.writeMessage(payload: payload)
            state = .handshaking(handshake)
            sendFrame(context: context, bytes: message)
            context.flush()
        } catch {
            fail(context: context, LinkError(.handshakeFailed, "\(error)"))
        }
    }

    private func establish(context: ChannelHandlerContext, transport: NoiseTransport, peer: LinkPeer) {
        timeoutTask?.cancel()
        state = .established(transport)
        self.peer = peer
        context.fireUserInboundEventTriggered(LinkEstablished(peer: peer))
    }

    private func sendFrame(context: ChannelHandlerContext, bytes: [UInt8]) {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count + 2)
        // Docs/SPEC.md §2.2: u16 length, then the Noise message.
        buffer.writeInteger(UInt16(bytes.count))
        buffer.writeBytes(bytes)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    private func fail(context: ChannelHandlerContext, _ error: LinkError) {
        if case .failed = state { return }
        state = .failed
        timeoutTask?.cancel()
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    // MARK: Outbound

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var plaintext = unwrapOutboundIn(data)
        guard case .established(var transport) = state else {
            promise?.fail(LinkError(.closed, "link is not established"))
            return
        }
        guard plaintext.readableBytes % Self.cellSize == 0 else {
            promise?.fail(LinkError(.protocolViolation, "outbound buffer is not whole cells"))
            return
        }
        let maxChunk = Self.maxCellsPerMessage * Self.cellSize
        var out = context.channel.allocator.buffer(
            capacity: plaintext.readableBytes + (plaintext.readableBytes / maxChunk + 1) * 18)
        do {
            while plaintext.readableBytes > 0 {
                let chunk = min(plaintext.readableBytes, maxChunk)
                out.writeInteger(UInt16(chunk + Noise.tagLength))
                let offset = out.writerIndex - out.readerIndex
                out.writeImmutableBuffer(plaintext.readSlice(length: chunk)!)
                out.writeRepeatingByte(0, count: Noise.tagLength)
                _ = try out.withUnsafeMutableReadableBytes { bytes in
                    let region = UnsafeMutableRawBufferPointer(
                        rebasing: bytes[offset..<(offset + chunk + Noise.tagLength)])
                    return try transport.encryptInPlace(region, plaintextLength: chunk)
                }
            }
        } catch {
            state = .failed
            promise?.fail(error)
            context.close(promise: nil)
            return
        }
        state = .established(transport)
        context.write(wrapOutboundOut(out), promise: promise)
    }

    // MARK: Keepalive

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent {
            switch idle {
            case .write:
                guard case .established = state else { return }
                // A PADDING cell on circuit 0 (all-zero cell: circuit id 0, command 0).
                var padding = context.channel.allocator.buffer(capacity: Self.cellSize)
                padding.writeRepeatingByte(0, count: Self.cellSize)
                write(context: context, data: wrapOutboundOut(padding), promise: nil)
                context.flush()
            case .read:
                fail(context: context, LinkError(.idleTimeout, "nothing received from the peer for too long"))
            case .all:
                break
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
