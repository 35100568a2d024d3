import CoreMetrics
import Logging
import NIOCore
import NIOPosix
import SuretyCircuit
import SuretyCrypto
import SuretyNet

/// The relay's cell path: circuits, links and exit streams, all on one event loop
/// (Docs/ARCHITECTURE.md "Threading model"). Every method runs on `eventLoop`.
final class RelayCore: CellLinkDelegate {
    let config: RelayConfiguration
    let eventLoop: any EventLoop
    let threadPool: NIOThreadPool
    let logger: Logger
    let metrics: RelayMetrics

    private var circuits: [CellLink: [UInt32: CircuitSide]] = [:]
    private var linksByIdentity: [[UInt8]: CellLink] = [:]
    private var pendingDials: [[UInt8]: [(Result<CellLink, any Error>) -> Void]] = [:]
    private var createBuckets: [CellLink: TokenBucket] = [:]
    /// CREATE budget per client source address: members cannot multiply their rate by opening
    /// more links. Relay links (EXTENDs from other relays) have only their per-link bucket.
    private var createBucketsBySource: [String: TokenBucket] = [:]
    /// Links whose reads are paused until some other link drains or the bandwidth budget refills.
    private var pausedLinks: Set<CellLink> = []
    /// Relay bandwidth rate and burst (nil: unlimited).
    private var bandwidth: ByteBucket?
    private var bandwidthResumeScheduled = false
    private var pausedExitStreams: [ExitStream] = []
    /// Links of revoked members, closed at once; their circuits die later (`scheduleDelayedTeardown`).
    private var revokedLinks: Set<CellLink> = []
    var isShuttingDown = false

    init(config: RelayConfiguration, eventLoop: any EventLoop, threadPool: NIOThreadPool, logger: Logger) {
        self.config = config
        self.eventLoop = eventLoop
        self.threadPool = threadPool
        self.logger = logger
        self.metrics = RelayMetrics()
        if config.limits.bandwidthRate > 0 {
            bandwidth = ByteBucket(rate: config.limits.bandwidthRate, burst: config.limits.bandwidthBurst)
        }
    }

    var identity: [UInt8] { config.identityKey.publicKey.rawRepresentation }

    // MARK: Link credentials

    /// Our side of a link handshake: the relay certificate in msg2 (responder) or msg3 (when we
    /// dial for EXTEND), and the checks on the peer's payload (Docs/SPEC.md §2.5–§2.7).
    func linkCredentials(asInitiator: Bool) -> LinkCredentials {
        let validUntil = UInt64(Clock.unixSeconds()) + 7 * 86_400
        let payload =
            asInitiator
            ? LinkCertificate.relayInitiatorPayload(
                identity: config.identityKey, linkKey: config.linkKey.publicKey, validUntil: validUntil)
            : LinkCertificate.relayResponderPayload(
                identity: config.identityKey, linkKey: config.linkKey.publicKey, validUntil: validUntil)
        let admit = config.admitMember
        let revocations = config.revocations
        return LinkCredentials(staticKey: config.linkKey, payload: payload) { payload, staticKey in
            let now = UInt64(Clock.unixSeconds())
            if asInitiator {
                let kind = try LinkCertificate.verifyResponder(payload, staticKey: staticKey, now: now)
                if case .relay(let identity) = kind, revocations.contains(.relay(identity)) {
                    throw LinkError(.notAuthorized, "relay is revoked")
                }
                return kind
            }
            let kind = try LinkCertificate.verifyInitiator(payload, staticKey: staticKey, now: now)
            switch kind {
            case .member(let memberID, _):
                if revocations.contains(.member(memberID))
                    || revocations.contains(.device(staticKey.rawRepresentation))
                {
                    throw LinkError(.notAuthorized, "member or device is revoked")
                }
                if let admit, !admit(memberID) {
                    throw LinkError(.notAuthorized, "member is not admitted")
                }
            case .anonymous:
                // Relays accept no anonymous links (§2.7); authorities use their own listener.
                throw LinkError(.notAuthorized, "relays do not accept anonymous links")
            case .relay(let identity):
                if revocations.contains(.relay(identity)) { throw LinkError(.notAuthorized, "relay is revoked") }
            }
            return kind
        }
    }

    // MARK: CellLinkDelegate

    func linkEstablished(_ link: CellLink) {
        metrics.linksOpened.increment()
        if case .relay(let identity) = link.peer.kind, link.isInitiator == false {
            // An inbound relay link can serve our own EXTENDs too (one link per peer).
            if linksByIdentity[identity] == nil { linksByIdentity[identity] = link }
        }
        circuits[link] = [:]
        createBuckets[link] = TokenBucket(rate: config.limits.createsPerSecond, burst: config.limits.createBurst)
    }

    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer) {
        let view = UnsafeRawBufferPointer(cell)
        let circuitID = RawCell.circuitID(view)
        let command = RawCell.command(view)
        let payload = UnsafeMutableRawBufferPointer(rebasing: cell[CellLink.headerSize...])
        metrics.cellsReceived.increment()
        bandwidth?.consume(CellLink.cellSize)
        switch command {
        case CellCommandNumber.padding, CellCommandNumber.netinfo, CellCommandNumber.governance:
            return
        case CellCommandNumber.create:
            handleCreate(link: link, circuitID: circuitID, payload: UnsafeRawBufferPointer(payload))
        case CellCommandNumber.created:
            handleCreated(link: link, circuitID: circuitID, payload: UnsafeRawBufferPointer(payload))
        case CellCommandNumber.relay, CellCommandNumber.relayEarly:
            handleRelay(
                link: link, circuitID: circuitID, payload: payload, early: command == CellCommandNumber.relayEarly)
        case CellCommandNumber.destroy:
            handleDestroy(
                link: link, circuitID: circuitID, reason: CircuitMessages.decodeReason(UnsafeRawBufferPointer(payload)))
        default:
            logger.info("closing link: unknown cell command", metadata: ["command": "\(command)"])
            link.close()
        }
    }

    func linkReadBurstFinished(_ link: CellLink) {}

    func linkClosed(_ link: CellLink, error: (any Error)?) {
        metrics.linksClosed.increment()
        if let error { logger.debug("link closed", metadata: ["error": "\(error)"]) }
        if case .relay(let identity) = link.peer.kind, linksByIdentity[identity] === link {
            linksByIdentity[identity] = nil
        }
        let sides = circuits.removeValue(forKey: link) ?? [:]
        createBuckets[link] = nil
        pausedLinks.remove(link)
        if revokedLinks.remove(link) != nil {
            scheduleDelayedTeardown(sides.values.map(\.circuit))
            return
        }
        // As if each circuit got DESTROY(CHANNEL_CLOSED) from this link (Docs/SPEC.md §2.12).
        for (circuitID, side) in sides {
            circuits[link] = [circuitID: side]
            handleDestroy(link: link, circuitID: circuitID, reason: DestroyReasonNumber.channelClosed)
        }
        circuits[link] = nil
    }

    func linkWritabilityChanged(_ link: CellLink) {
        guard link.isWritable else { return }
        resumePausedLinks()
    }

    private func resumePausedLinks() {
        guard !pausedLinks.isEmpty else { return }
        for paused in pausedLinks where shouldRead(paused) {
            pausedLinks.remove(paused)
            paused.readsPaused = false
            paused.channel.read()
        }
    }

    /// Re-enables reads once the bandwidth budget has refilled (relay rate limit, Docs/CONFIG.md).
    private func scheduleBandwidthResume(after wait: TimeAmount) {
        guard !bandwidthResumeScheduled else { return }
        bandwidthResumeScheduled = true
        eventLoop.assumeIsolated().scheduleTask(in: wait) { [self] in
            bandwidthResumeScheduled = false
            resumePausedLinks()
            let streams = pausedExitStreams
            pausedExitStreams = []
            for stream in streams { exitResume(stream) }
        }
    }

    func shouldRead(_ link: CellLink) -> Bool {
        if let wait = bandwidth?.waitTime() {
            pausedLinks.insert(link)
            scheduleBandwidthResume(after: wait)
            return false
        }
        guard let sides = circuits[link] else { return true }
        for side in sides.values {
            let other: CellLink?
            switch side {
            case .inbound(let circuit): other = circuit.next
            case .outbound(let circuit): other = circuit.previous
            }
            if let other, !other.isWritable {
                pausedLinks.insert(link)
                return false
            }
        }
        return true
    }

    // MARK: CREATE / CREATED

    private func handleCreate(link: CellLink, circuitID: UInt32, payload: UnsafeRawBufferPointer) {
        guard link.isPeerAllocated(circuitID), circuits[link]?[circuitID] == nil else {
            logger.info("closing link: CREATE with an invalid or reused circuit id")
            link.close()
            return
        }
        guard takeCreateToken(link),
            (circuits[link]?.count ?? 0) < config.limits.maxCircuitsPerLink, !isShuttingDown
        else {
            metrics.circuitsRefused.increment()
            sendDestroy(link: link, circuitID: circuitID, reason: DestroyReasonNumber.resourceLimit)
            return
        }
        do {
            let (type, message) = try CircuitMessages.decodeCreate(payload)
            guard type == 1 else { throw CircuitError(.handshakeFailed, "unknown handshake type \(type)") }
            let result = try HopHandshake.respond(to: message, relayIdentity: identity, onionKey: config.onionKey)
            let hop = try RelayHop(keys: result.keys, parameters: config.flowControl)
            let circuit = RelayCircuit(hop: hop, previous: link, previousID: circuitID)
            circuits[link, default: [:]][circuitID] = .inbound(circuit)
            metrics.circuitsCreated.increment()
            link.appendCell(circuitID: circuitID, command: CellCommandNumber.created) { out in
                CircuitMessages.encodeLengthPrefixed(result.reply, into: out)
            }
        } catch {
            metrics.handshakeFailures.increment()
            sendDestroy(link: link, circuitID: circuitID, reason: DestroyReasonNumber.protocolViolation)
        }
    }

    private func takeCreateToken(_ link: CellLink) -> Bool {
        guard createBuckets[link]?.take() ?? false else { return false }
        if case .relay = link.peer.kind { return true }
        let source = link.channel.remoteAddress?.ipAddress ?? "unknown"
        if createBucketsBySource[source] == nil {
            if createBucketsBySource.count > 100_000 { createBucketsBySource.removeAll() }  // bounded memory
            createBucketsBySource[source] = TokenBucket(
                rate: config.limits.createsPerSecond, burst: config.limits.createBurst)
        }
        return createBucketsBySource[source]!.take()
    }

    private func handleCreated(link: CellLink, circuitID: UInt32, payload: UnsafeRawBufferPointer) {
        guard case .outbound(let circuit)? = circuits[link]?[circuitID], circuit.extendPending else {
            link.close()
            return
        }
        do {
            let reply = try CircuitMessages.decodeCreated(payload)
            circuit.extendPending = false
            circuit.hop.hasNextHop = true
            var writer = circuit.backwardWriter
            try withBytes(try CircuitMessages.encodeExtended(reply)) { (data) throws(CircuitError) in
                try circuit.hop.originate(
                    command: RelayCommandNumber.extended, streamID: 0, data: data, into: &writer)
            }
        } catch {
            destroy(circuit, reason: DestroyReasonNumber.protocolViolation, notifying: nil)
        }
    }

    // MARK: RELAY

    private func handleRelay(link: CellLink, circuitID: UInt32, payload: UnsafeMutableRawBufferPointer, early: Bool) {
        guard let side = circuits[link]?[circuitID] else { return }  // late cell for a closed circuit
        switch side {
        case .inbound(let circuit):
            do {
                switch try circuit.hop.forward(payload, early: early) {
                case .forward:
                    guard let next = circuit.next, let nextID = circuit.nextID else {
                        throw CircuitError(.protocolViolation, "cell to forward but no next hop")
                    }
                    next.appendCell(
                        circuitID: nextID, command: early ? CellCommandNumber.relayEarly : CellCommandNumber.relay,
                        payload: UnsafeRawBufferPointer(payload))
                    metrics.cellsForwarded.increment()
                case .deliver(let command, let streamID, let range):
                    try handleMessage(
                        circuit: circuit, command: command, streamID: streamID,
                        data: UnsafeRawBufferPointer(rebasing: payload[range]))
                }
            } catch {
                logger.debug("circuit torn down", metadata: ["reason": "\(error)"])
                destroy(circuit, reason: DestroyReasonNumber.protocolViolation, notifying: nil)
            }
        case .outbound(let circuit):
            guard !early else {
                // Only clients originate RELAY_EARLY, and only forward (Docs/SPEC.md §5.7).
                destroy(circuit, reason: DestroyReasonNumber.protocolViolation, notifying: nil)
                return
            }
            do {
                try circuit.hop.backward(payload)
                circuit.previous.appendCell(
                    circuitID: circuit.previousID, command: CellCommandNumber.relay,
                    payload: UnsafeRawBufferPointer(payload))
                metrics.cellsForwarded.increment()
            } catch {
                destroy(circuit, reason: DestroyReasonNumber.internal, notifying: nil)
            }
        }
    }

    private func handleMessage(circuit: RelayCircuit, command: UInt8, streamID: UInt16, data: UnsafeRawBufferPointer)
        throws(CircuitError)
    {
        switch command {
        case RelayCommandNumber.extend:
            try handleExtend(circuit: circuit, data: data)
        case RelayCommandNumber.begin:
            try handleBegin(circuit: circuit, streamID: streamID, data: data)
        case RelayCommandNumber.data:
            var writer = circuit.backwardWriter
            try circuit.hop.deliveredData(into: &writer)
            guard let stream = circuit.streams[streamID] else { return }
            try exitDeliver(stream: stream, data: data)
        case RelayCommandNumber.end:
            if let stream = circuit.streams.removeValue(forKey: streamID) {
                stream.state = .closed
                // Deliver what the client sent before END, then close (writes complete in order).
                if let channel = stream.channel {
                    channel.writeAndFlush(ByteBuffer()).whenComplete { _ in channel.close(promise: nil) }
                }
            }
        case RelayCommandNumber.sendme:
            if streamID == 0 {
                try circuit.hop.receivedCircuitSendme(data)
                for stream in circuit.streams.values { exitResume(stream) }
            } else if let stream = circuit.streams[streamID] {
                try stream.windows.receivedSendme()
                exitResume(stream)
            }
        case RelayCommandNumber.drop, RelayCommandNumber.token:
            // DROP is padding. TOKEN is reserved for exit tokens (DESIGN.md "Accountable exits").
            return
        case RelayCommandNumber.truncate:
            if let next = circuit.next, let nextID = circuit.nextID {
                sendDestroy(link: next, circuitID: nextID, reason: DestroyReasonNumber.requested)
                circuits[next]?[nextID] = nil
                circuit.next = nil
                circuit.nextID = nil
                circuit.hop.hasNextHop = false
            }
            var writer = circuit.backwardWriter
            try withBytes(CircuitMessages.encodeReason(DestroyReasonNumber.requested)) {
                (reason) throws(CircuitError) in
                try circuit.hop.originate(
                    command: RelayCommandNumber.truncated, streamID: 0, data: reason, into: &writer)
            }
        case RelayCommandNumber.resolve:
            try endStream(circuit: circuit, streamID: streamID, reason: EndReasonNumber.misc)
        default:
            throw CircuitError(.protocolViolation, "unexpected relay command \(command)")
        }
    }

    // MARK: EXTEND

    private func handleExtend(circuit: RelayCircuit, data: UnsafeRawBufferPointer) throws(CircuitError) {
        guard circuit.next == nil, !circuit.extendPending else {
            throw CircuitError(.protocolViolation, "EXTEND on a circuit that already extends")
        }
        let request = try CircuitMessages.decodeExtend(data)
        guard request.identity != identity else {
            throw CircuitError(.protocolViolation, "EXTEND to ourselves")
        }
        guard !config.revocations.contains(.relay(request.identity)) else {
            // Refuse to extend to a revoked relay (SPEC §6.9); the client sees why.
            try sendTruncated(circuit, reason: DestroyReasonNumber.identityMismatch)
            return
        }
        circuit.extendPending = true
        let linkKey: X25519.PublicKey
        do { linkKey = try X25519.PublicKey(rawRepresentation: request.linkKey) } catch {
            throw CircuitError(.protocolViolation, "EXTEND with a bad link key")
        }
        withLink(to: request, linkKey: linkKey) { [self] result in
            guard !circuit.isClosed else { return }
            switch result {
            case .success(let next):
                guard let nextID = next.allocateCircuitID(inUse: { circuits[next]?[$0] != nil }) else {
                    destroy(circuit, reason: DestroyReasonNumber.resourceLimit, notifying: nil)
                    return
                }
                circuit.next = next
                circuit.nextID = nextID
                circuits[next, default: [:]][nextID] = .outbound(circuit)
                next.appendCell(circuitID: nextID, command: CellCommandNumber.create) { out in
                    CircuitMessages.encodeCreate(type: request.handshakeType, handshake: request.handshake, into: out)
                }
            case .failure(let error):
                // The circuit up to us stays; the client learns why and may extend elsewhere (§6.9).
                logger.debug("extend failed", metadata: ["error": "\(error)"])
                circuit.extendPending = false
                do { try sendTruncated(circuit, reason: DestroyReasonNumber.connectFailed) } catch {
                    destroy(circuit, reason: DestroyReasonNumber.internal, notifying: nil)
                }
            }
        }
    }

    /// Finds the open link to a relay or dials one (one link per peer; concurrent EXTENDs share a dial).
    private func withLink(
        to request: CircuitMessages.ExtendRequest, linkKey: X25519.PublicKey,
        _ completion: @escaping (Result<CellLink, any Error>) -> Void
    ) {
        if let link = linksByIdentity[request.identity], !link.isClosed {
            completion(.success(link))
            return
        }
        if pendingDials[request.identity] != nil {
            pendingDials[request.identity]!.append(completion)
            return
        }
        pendingDials[request.identity] = [completion]
        let address: SocketAddress
        do {
            address = try SocketAddress(packedIPAddress: request.address, port: Int(request.port))
        } catch {
            finishDial(identity: request.identity, .failure(error))
            return
        }
        let expected = request.identity
        LinkBootstrap.dial(
            address: address, responderKey: linkKey, credentials: linkCredentials(asInitiator: true),
            delegate: self, eventLoop: eventLoop, timeout: config.limits.extendTimeout
        ).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let link):
                guard case .relay(let identity) = link.peer.kind, identity == expected else {
                    link.close()
                    finishDial(identity: expected, .failure(LinkError(.authenticationFailed, "wrong relay identity")))
                    return
                }
                linksByIdentity[expected] = link
                finishDial(identity: expected, .success(link))
            case .failure(let error):
                finishDial(identity: expected, .failure(error))
            }
        }
    }

    private func finishDial(identity: [UInt8], _ result: Result<CellLink, any Error>) {
        let waiters = pendingDials.removeValue(forKey: identity) ?? []
        for waiter in waiters { waiter(result) }
    }

    // MARK: DESTROY

    private func handleDestroy(link: CellLink, circuitID: UInt32, reason: UInt8) {
        guard let side = circuits[link]?[circuitID] else { return }
        switch side {
        case .inbound(let circuit):
            destroy(circuit, reason: reason, notifying: link)
        case .outbound(let circuit):
            // The rest of the path is gone: tell the client with TRUNCATED (Docs/SPEC.md §6.11).
            circuits[link]?[circuitID] = nil
            circuit.next = nil
            circuit.nextID = nil
            circuit.extendPending = false
            circuit.hop.hasNextHop = false
            do { try sendTruncated(circuit, reason: reason) } catch {
                destroy(circuit, reason: DestroyReasonNumber.internal, notifying: link)
            }
        }
    }

    private func sendTruncated(_ circuit: RelayCircuit, reason: UInt8) throws(CircuitError) {
        var writer = circuit.backwardWriter
        try withBytes(CircuitMessages.encodeTruncated(reason)) { (body) throws(CircuitError) in
            try circuit.hop.originate(command: RelayCommandNumber.truncated, streamID: 0, data: body, into: &writer)
        }
    }

    /// Tears a circuit down: DESTROY to both neighbours except `notifying` (the side that told us),
    /// closes its exit streams.
    func destroy(_ circuit: RelayCircuit, reason: UInt8, notifying source: CellLink?) {
        guard !circuit.isClosed else { return }
        circuit.isClosed = true
        metrics.circuitsDestroyed.increment()
        circuits[circuit.previous]?[circuit.previousID] = nil
        if circuit.previous !== source {
            sendDestroy(link: circuit.previous, circuitID: circuit.previousID, reason: reason)
        }
        if let next = circuit.next, let nextID = circuit.nextID {
            circuits[next]?[nextID] = nil
            if next !== source { sendDestroy(link: next, circuitID: nextID, reason: reason) }
        }
        for stream in circuit.streams.values {
            stream.state = .closed
            stream.channel?.close(promise: nil)
        }
        circuit.streams.removeAll()
    }

    private func sendDestroy(link: CellLink, circuitID: UInt32, reason: UInt8) {
        link.appendCell(circuitID: circuitID, command: CellCommandNumber.destroy) { out in out[0] = reason }
    }

    // MARK: Exit streams

    private func handleBegin(circuit: RelayCircuit, streamID: UInt16, data: UnsafeRawBufferPointer)
        throws(CircuitError)
    {
        guard streamID != 0, circuit.streams[streamID] == nil else {
            throw CircuitError(.protocolViolation, "BEGIN on stream 0 or on a stream in use")
        }
        guard config.isExit else {
            try endStream(circuit: circuit, streamID: streamID, reason: EndReasonNumber.exitPolicy)
            return
        }
        guard circuit.streams.count < config.limits.maxStreamsPerCircuit else {
            try endStream(circuit: circuit, streamID: streamID, reason: EndReasonNumber.resourceLimit)
            return
        }
        let (host, port) = try CircuitMessages.decodeBegin(data)
        let stream = ExitStream(id: streamID, circuit: circuit, windows: StreamWindows(parameters: config.flowControl))
        circuit.streams[streamID] = stream
        metrics.streamsOpened.increment()
        // Hostnames are resolved here, at the exit, off the event loop (no DNS leak at the client).
        let allows = config.exitAllows
        threadPool.runIfActive(eventLoop: eventLoop) { () throws -> SocketAddress in
            try SocketAddress.makeAddressResolvingHost(host, port: port)
        }.assumeIsolated().whenComplete { [self] result in
            guard stream.state == .resolving, !circuit.isClosed else { return }
            switch result {
            case .failure:
                finishStream(stream, reason: EndReasonNumber.resolveFailed)
            case .success(let address):
                guard allows(address) else {
                    finishStream(stream, reason: EndReasonNumber.exitPolicy)
                    return
                }
                connect(stream, to: address)
            }
        }
    }

    private func connect(_ stream: ExitStream, to address: SocketAddress) {
        stream.state = .connecting
        let core = NIOLoopBound(self, eventLoop: eventLoop)
        let boundStream = NIOLoopBound(stream, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(config.limits.connectTimeout)
            .channelOption(.autoRead, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ExitConnectionHandler(core: core.value, stream: boundStream.value))
                }
            }
            .connect(to: address)
            .assumeIsolated()
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    guard stream.state == .connecting else {
                        channel.close(promise: nil)
                        return
                    }
                    stream.channel = channel
                    stream.state = .open
                    let addressBytes = address.packedIPBytes
                    var writer = stream.circuit.backwardWriter
                    do {
                        try withBytes(CircuitMessages.encodeConnected(address: addressBytes)) {
                            (body) throws(CircuitError) in
                            try stream.circuit.hop.originate(
                                command: RelayCommandNumber.connected, streamID: stream.id, data: body, into: &writer)
                        }
                    } catch {
                        destroy(stream.circuit, reason: DestroyReasonNumber.internal, notifying: nil)
                        return
                    }
                    exitResume(stream)
                case .failure(let error):
                    guard stream.state == .connecting else { return }
                    let reason: UInt8
                    if let channelError = error as? ChannelError, case .connectTimeout = channelError {
                        reason = EndReasonNumber.timeout
                    } else {
                        reason = EndReasonNumber.connectRefused
                    }
                    finishStream(stream, reason: reason)
                }
            }
    }

    /// Sends END for a stream and forgets it.
    func finishStream(_ stream: ExitStream, reason: UInt8) {
        guard stream.state != .closed else { return }
        stream.state = .closed
        stream.channel?.close(promise: nil)
        guard !stream.circuit.isClosed else { return }
        stream.circuit.streams[stream.id] = nil
        do {
            try endStream(circuit: stream.circuit, streamID: stream.id, reason: reason)
        } catch {
            destroy(stream.circuit, reason: DestroyReasonNumber.internal, notifying: nil)
        }
    }

    private func endStream(circuit: RelayCircuit, streamID: UInt16, reason: UInt8) throws(CircuitError) {
        var writer = circuit.backwardWriter
        try withBytes(CircuitMessages.encodeReason(reason)) { (body) throws(CircuitError) in
            try circuit.hop.originate(command: RelayCommandNumber.end, streamID: streamID, data: body, into: &writer)
        }
    }

    /// DATA from the client: write to the destination; owe a stream SENDME when due.
    private func exitDeliver(stream: ExitStream, data: UnsafeRawBufferPointer) throws(CircuitError) {
        if try stream.windows.didReceiveData() { stream.owedSendmes += 1 }
        guard let channel = stream.channel, stream.state == .open else { return }
        var buffer = channel.allocator.buffer(capacity: data.count)
        buffer.writeBytes(data)
        channel.write(buffer, promise: nil)
        scheduleExitFlush(stream)
        if channel.isWritable { try payOwedSendmes(stream) }
    }

    private func scheduleExitFlush(_ stream: ExitStream) {
        // One flush per tick per stream, after the read burst that produced the writes.
        guard let channel = stream.channel else { return }
        eventLoop.assumeIsolated().execute { channel.flush() }
    }

    func payOwedSendmes(_ stream: ExitStream) throws(CircuitError) {
        guard !stream.circuit.isClosed else { return }
        var writer = stream.circuit.backwardWriter
        while stream.owedSendmes > 0 {
            stream.owedSendmes -= 1
            try stream.circuit.hop.originate(
                command: RelayCommandNumber.sendme, streamID: stream.id,
                data: UnsafeRawBufferPointer(start: nil, count: 0),
                into: &writer)
        }
    }

    /// Packages bytes from the destination into DATA cells while both windows allow; keeps the rest.
    func exitReceived(_ stream: ExitStream, _ buffer: ByteBuffer) {
        bandwidth?.consume(buffer.readableBytes)
        if var pending = stream.pending {
            var incoming = buffer
            pending.writeBuffer(&incoming)
            stream.pending = pending
        } else {
            stream.pending = buffer
        }
        drainPending(stream)
    }

    private func drainPending(_ stream: ExitStream) {
        guard var pending = stream.pending, !stream.circuit.isClosed else { return }
        let circuit = stream.circuit
        var writer = circuit.backwardWriter
        do {
            while pending.readableBytes > 0 && circuit.hop.canPackageData && stream.windows.canSend {
                let chunk = min(pending.readableBytes, RelayCellLayout.maxDataLength)
                try pending.withUnsafeReadableBytes { bytes throws(CircuitError) in
                    try circuit.hop.originate(
                        command: RelayCommandNumber.data, streamID: stream.id,
                        data: UnsafeRawBufferPointer(rebasing: bytes[0..<chunk]), into: &writer)
                }
                stream.windows.didSendData()
                pending.moveReaderIndex(forwardBy: chunk)
                metrics.exitBytes.increment(by: Int64(chunk))
            }
        } catch {
            destroy(circuit, reason: DestroyReasonNumber.internal, notifying: nil)
            return
        }
        stream.pending = pending.readableBytes > 0 ? pending : nil
        if stream.pending == nil && stream.destinationClosed {
            finishStream(stream, reason: EndReasonNumber.done)
        }
    }

    /// Reads more from the destination if the windows allow and nothing is pending.
    func exitResume(_ stream: ExitStream) {
        drainPending(stream)
        guard stream.state == .open, stream.pending == nil, stream.circuit.hop.canPackageData,
            stream.windows.canSend, let channel = stream.channel
        else { return }
        if let wait = bandwidth?.waitTime() {
            pausedExitStreams.append(stream)
            scheduleBandwidthResume(after: wait)
            return
        }
        channel.read()
    }

    func exitDestinationClosed(_ stream: ExitStream) {
        guard stream.state == .open else { return }
        stream.destinationClosed = true
        if stream.pending == nil { finishStream(stream, reason: EndReasonNumber.done) }
    }

    func exitWritabilityChanged(_ stream: ExitStream) {
        guard let channel = stream.channel, channel.isWritable else { return }
        do { try payOwedSendmes(stream) } catch {
            destroy(stream.circuit, reason: DestroyReasonNumber.internal, notifying: nil)
        }
    }

    // MARK: Revocation enforcement (DESIGN.md "Revocation enforcement")

    /// Applies a verified revocation at once. A member (or device): its links are closed now, so none
    /// of its cells is forwarded in either direction from this moment, and its circuits are
    /// destroyed toward the rest of the network after independent random delays with ordinary
    /// reasons. A relay: links to it close now (circuits through it are torn down), and EXTEND to it
    /// is refused from now on.
    func enforce(_ subject: RevocationSet.Subject) {
        config.revocations.revoke(subject)
        metrics.revocationsApplied.increment()
        for link in circuits.keys where matches(link, subject) {
            switch subject {
            case .member, .device:
                revokedLinks.insert(link)
            case .relay:
                break
            }
            link.close()
        }
    }

    private func matches(_ link: CellLink, _ subject: RevocationSet.Subject) -> Bool {
        switch (subject, link.peer.kind) {
        case (.member(let id), .member(let memberID, _)): return id == memberID
        case (.device(let key), .member): return key == link.peer.staticKey.rawRepresentation
        case (.relay(let id), .relay(let identity)): return id == identity
        default: return false
        }
    }

    /// Destroys each circuit after its own uniform random delay in [0, revocationTeardownDelay],
    /// with a reason drawn from the ordinary ones (REQUESTED, TIMEOUT, CHANNEL_CLOSED, Docs/SPEC.md §3.7).
    private func scheduleDelayedTeardown(_ doomed: [RelayCircuit]) {
        let bound = max(config.revocationTeardownDelay.nanoseconds, 1)
        let reasons = [DestroyReasonNumber.requested, DestroyReasonNumber.timeout, DestroyReasonNumber.channelClosed]
        var random = SecureRandomGenerator()
        for circuit in doomed {
            let delay = TimeAmount.nanoseconds(Int64.random(in: 0...bound, using: &random))
            let reason = reasons.randomElement(using: &random) ?? DestroyReasonNumber.requested
            eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
                destroy(circuit, reason: reason, notifying: circuit.previous)
            }
        }
    }

    // MARK: Shutdown

    func closeAllLinks() {
        isShuttingDown = true
        for link in circuits.keys { link.close() }
    }

    var circuitCount: Int { circuits.values.reduce(0) { $0 + $1.count } }
    var linkCount: Int { circuits.count }
}
