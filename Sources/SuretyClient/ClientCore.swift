import CoreMetrics
import Logging
import NIOCore
import SuretyCircuit
import SuretyCrypto
import SuretyNet

/// The client's circuit manager: guard links, circuit building with timeouts and retries, stream
/// isolation, circuit reuse and rotation, and the stream data path. All on one event loop.
final class ClientCore: CellLinkDelegate {
    let config: ClientConfiguration
    let eventLoop: any EventLoop
    let logger: Logger

    private var links: [[UInt8]: CellLink] = [:]
    private var pendingDials: [[UInt8]: [(Result<CellLink, any Error>) -> Void]] = [:]
    private var circuitsByLink: [CellLink: [UInt32: ClientCircuitHandle]] = [:]
    private var openCircuits: [ClientCircuitHandle] = []
    private var guards: GuardSet
    private var random = SecureRandomGenerator()
    private var buildsInFlight = 0
    var isShuttingDown = false
    /// Local proxy connections still in their handshake (capped by configuration).
    var pendingProxyHandshakes = 0
    /// Relays revoked by governance: never chosen again, circuits through them closed.
    private var revokedRelays: Set<[UInt8]> = []
    let metrics = ClientMetrics()
    /// Set when this member was revoked: every new stream fails with this explanation.
    private(set) var revocationNotice: String?

    init(config: ClientConfiguration, eventLoop: any EventLoop, logger: Logger) {
        self.config = config
        self.eventLoop = eventLoop
        self.logger = logger
        guards = GuardSet(path: config.guardStatePath, size: config.guardCount)
    }

    // MARK: Credentials

    private func credentials() -> LinkCredentials {
        let now = WallClock.now()
        let certificate = LinkCertificate.devicePayload(
            member: config.memberKey, deviceKey: config.deviceKey.publicKey, validFrom: now - 60,
            validUntil: now + UInt64(config.deviceCertificateLifetime))
        return LinkCredentials(staticKey: config.deviceKey, payload: certificate) { payload, staticKey in
            try LinkCertificate.verifyResponder(payload, staticKey: staticKey, now: WallClock.now())
        }
    }

    // MARK: Circuits for streams

    /// Finds or builds a circuit for a stream to `port` with isolation key `isolation`.
    func circuit(
        isolation: AnyHashable, port: UInt16,
        _ completion: @escaping (Result<ClientCircuitHandle, StreamFailure>) -> Void
    ) {
        let now = NIODeadline.now()
        openCircuits.removeAll { $0.state == .closed }
        if let reusable = openCircuits.first(where: { handle in
            handle.isolation == isolation && handle.exit.exitAllows(port: port) && handle.circuit.canOpenStream
                && (handle.firstUsed.map { now - $0 < config.maxCircuitDirtiness } ?? true)
        }) {
            completion(.success(reusable))
            return
        }
        if let clean = openCircuits.first(where: { $0.isolation == nil && $0.exit.exitAllows(port: port) }) {
            clean.isolation = isolation
            clean.firstUsed = now
            completion(.success(clean))
            replenishPreemptive()
            return
        }
        build(port: port, attempt: 1, excluded: []) { result in
            if case .success(let handle) = result {
                handle.isolation = isolation
                handle.firstUsed = now
            }
            completion(result)
        }
    }

    /// Keeps `preemptiveCircuits` clean circuits ready (built for port 80 exits: any exit here).
    func replenishPreemptive() {
        guard !isShuttingDown else { return }
        let clean = openCircuits.filter { $0.isolation == nil && $0.state == .open }.count
        let missing = config.preemptiveCircuits - clean - buildsInFlight
        guard missing > 0 else { return }
        for _ in 0..<missing {
            build(port: nil, attempt: 1, excluded: []) { _ in }
        }
    }

    private func build(
        port: UInt16?, attempt: Int, excluded: Set<[UInt8]>,
        _ completion: @escaping (Result<ClientCircuitHandle, StreamFailure>) -> Void
    ) {
        let relays: [RelayInfo]
        do { relays = try config.directory.currentRelays() } catch {
            logger.warning("cannot build circuits", metadata: ["reason": "\(error)"])
            completion(.failure(.generalFailure("cannot build circuits: \(error)")))
            return
        }
        let path: [RelayInfo]
        do {
            let usable = relays.filter { !revokedRelays.contains($0.identity.rawRepresentation) }
            let guardSet = guards.current(from: usable, selector: config.pathSelector, using: &random)
            path = try config.pathSelector.selectPath(
                relays: usable, guards: guardSet, port: port, excluding: excluded, using: &random)
        } catch {
            logger.warning("no usable path", metadata: ["reason": "\(error)", "relays": "\(relays.count)"])
            completion(.failure(.generalFailure("\(error)")))
            return
        }
        buildsInFlight += 1
        let started = NIODeadline.now()
        buildOnce(path: path) { [self] result in
            buildsInFlight -= 1
            switch result {
            case .success(let handle):
                metrics.circuitsBuilt.increment()
                metrics.circuitBuildSeconds.recordNanoseconds((NIODeadline.now() - started).nanoseconds)
                openCircuits.append(handle)
                completion(.success(handle))
            case .failure(let failure):
                metrics.circuitBuildFailures.increment()
                logger.info(
                    "circuit build failed", metadata: ["attempt": "\(attempt)", "reason": "\(failure)"])
                guard attempt < config.circuitBuildAttempts, !isShuttingDown else {
                    completion(.failure(failure))
                    return
                }
                // Retry on another path: avoid the middle and exit that just failed.
                var nextExcluded = excluded
                for relay in path.dropFirst() { nextExcluded.insert(relay.identity.rawRepresentation) }
                build(port: port, attempt: attempt + 1, excluded: nextExcluded, completion)
            }
        }
    }

    private func buildOnce(
        path: [RelayInfo], _ completion: @escaping (Result<ClientCircuitHandle, StreamFailure>) -> Void
    ) {
        let entry = path[0]
        withLink(to: entry) { [self] result in
            switch result {
            case .failure(let error):
                completion(.failure(.generalFailure("cannot reach guard \(entry.nickname): \(error)")))
            case .success(let link):
                guard let circuitID = link.allocateCircuitID(inUse: { circuitsByLink[link]?[$0] != nil }) else {
                    completion(.failure(.generalFailure("no free circuit id on the guard link")))
                    return
                }
                let handle = ClientCircuitHandle(
                    link: link, circuitID: circuitID, path: path, circuit: ClientCircuit(parameters: config.flowControl)
                )
                handle.buildWaiters.append(completion)
                circuitsByLink[link, default: [:]][circuitID] = handle
                handle.buildTimeout = eventLoop.assumeIsolated().scheduleTask(in: config.circuitBuildTimeout) {
                    [self] in
                    guard handle.state == .building else { return }
                    fail(handle, .timedOut, sendDestroy: true)
                }
                do {
                    let initiator = try HopHandshake.Initiator(
                        relayIdentity: entry.identity.rawRepresentation, onionKey: entry.onionKey)
                    let message = initiator.message
                    handle.handshake = initiator
                    link.appendCell(circuitID: circuitID, command: CellCommandNumber.create) { out in
                        CircuitMessages.encodeCreate(type: 1, handshake: message, into: out)
                    }
                } catch {
                    fail(handle, .generalFailure("\(error)"), sendDestroy: false)
                }
            }
        }
    }

    /// Extends a building circuit to its next hop, or marks it open.
    private func advance(_ handle: ClientCircuitHandle) throws(CircuitError) {
        let next = handle.circuit.hopCount
        guard next < handle.path.count else {
            handle.state = .open
            handle.buildTimeout?.cancel()
            let waiters = handle.buildWaiters
            handle.buildWaiters = []
            for waiter in waiters { waiter(.success(handle)) }
            return
        }
        let relay = handle.path[next]
        let initiator = try HopHandshake.Initiator(
            relayIdentity: relay.identity.rawRepresentation, onionKey: relay.onionKey)
        handle.handshake = initiator
        let body = try CircuitMessages.encodeExtend(
            .init(
                address: relay.address, port: relay.port, identity: relay.identity.rawRepresentation,
                linkKey: relay.linkKey.rawRepresentation, onionKey: relay.onionKey.rawRepresentation,
                handshakeType: 1, handshake: initiator.message))
        var writer = handle.writer
        try withBytes(body) { (data) throws(CircuitError) in
            try handle.circuit.send(
                command: RelayCommandNumber.extend, streamID: 0, data: data, toHop: next - 1, early: true,
                into: &writer)
        }
    }

    private func fail(_ handle: ClientCircuitHandle, _ failure: StreamFailure, sendDestroy: Bool) {
        guard handle.state != .closed else { return }
        if handle.state == .open { metrics.circuitsFailed.increment() }
        handle.state = .closed
        handle.buildTimeout?.cancel()
        circuitsByLink[handle.link]?[handle.circuitID] = nil
        if sendDestroy && !handle.link.isClosed {
            handle.link.appendCell(circuitID: handle.circuitID, command: CellCommandNumber.destroy) { out in
                out[0] = DestroyReasonNumber.finished
            }
        }
        let waiters = handle.buildWaiters
        handle.buildWaiters = []
        for waiter in waiters { waiter(.failure(failure)) }
        for stream in handle.streams.values { closeStream(stream, failure: failure) }
        handle.streams.removeAll()
        openCircuits.removeAll { $0 === handle }
    }

    // MARK: Links

    private func withLink(to relay: RelayInfo, _ completion: @escaping (Result<CellLink, any Error>) -> Void) {
        let key = relay.identity.rawRepresentation
        if let link = links[key], !link.isClosed {
            completion(.success(link))
            return
        }
        if pendingDials[key] != nil {
            pendingDials[key]!.append(completion)
            return
        }
        pendingDials[key] = [completion]
        let address: SocketAddress
        do {
            var buffer = ByteBuffer()
            buffer.writeBytes(relay.address)
            address = try SocketAddress(packedIPAddress: buffer, port: Int(relay.port))
        } catch {
            finishDial(key, .failure(error))
            return
        }
        LinkBootstrap.dial(
            address: address, responderKey: relay.linkKey, credentials: credentials(), delegate: self,
            eventLoop: eventLoop, timeout: config.circuitBuildTimeout
        ).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let link):
                guard case .relay(let identity) = link.peer.kind, identity == key else {
                    link.close()
                    finishDial(key, .failure(LinkError(.authenticationFailed, "guard presented another identity")))
                    return
                }
                links[key] = link
                finishDial(key, .success(link))
            case .failure(let error):
                finishDial(key, .failure(error))
            }
        }
    }

    private func finishDial(_ key: [UInt8], _ result: Result<CellLink, any Error>) {
        for waiter in pendingDials.removeValue(forKey: key) ?? [] { waiter(result) }
    }

    func linkEstablished(_ link: CellLink) {
        circuitsByLink[link] = [:]
    }

    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer) {
        let view = UnsafeRawBufferPointer(cell)
        let circuitID = RawCell.circuitID(view)
        let command = RawCell.command(view)
        let payload = UnsafeMutableRawBufferPointer(rebasing: cell[CellLink.headerSize...])
        switch command {
        case CellCommandNumber.padding, CellCommandNumber.netinfo, CellCommandNumber.governance:
            return
        case CellCommandNumber.created:
            guard let handle = circuitsByLink[link]?[circuitID], handle.state == .building,
                handle.circuit.hopCount == 0, var initiator = handle.handshake
            else {
                link.close()
                return
            }
            do {
                let reply = try CircuitMessages.decodeCreated(UnsafeRawBufferPointer(payload))
                let (keys, _) = try initiator.finish(reply: reply)
                handle.handshake = nil
                try handle.circuit.addHop(keys: keys)
                try advance(handle)
            } catch {
                fail(handle, .generalFailure("hop handshake with the guard failed: \(error)"), sendDestroy: true)
            }
        case CellCommandNumber.relay:
            guard let handle = circuitsByLink[link]?[circuitID] else { return }
            do {
                let incoming = try handle.circuit.receive(payload)
                try handleMessage(
                    handle, incoming, data: UnsafeRawBufferPointer(rebasing: payload[incoming.data]))
            } catch {
                logger.info("circuit torn down", metadata: ["reason": "\(error)"])
                fail(handle, .generalFailure("circuit failed: \(error)"), sendDestroy: true)
            }
        case CellCommandNumber.destroy:
            guard let handle = circuitsByLink[link]?[circuitID] else { return }
            let reason = CircuitMessages.decodeReason(UnsafeRawBufferPointer(payload))
            fail(handle, .generalFailure("circuit destroyed by the network (reason \(reason))"), sendDestroy: false)
        default:
            // CREATE, RELAY_EARLY and unknown commands never travel toward a client.
            logger.info("closing link: unexpected cell command", metadata: ["command": "\(command)"])
            link.close()
        }
    }

    private func handleMessage(
        _ handle: ClientCircuitHandle, _ incoming: ClientCircuit.Incoming, data: UnsafeRawBufferPointer
    ) throws(CircuitError) {
        let lastHop = handle.circuit.hopCount - 1
        switch incoming.command {
        case RelayCommandNumber.extended:
            guard handle.state == .building, incoming.hop == lastHop, var initiator = handle.handshake else {
                throw CircuitError(.protocolViolation, "unexpected EXTENDED")
            }
            let reply = try CircuitMessages.decodeExtended(data)
            let (keys, _) = try initiator.finish(reply: reply)
            handle.handshake = nil
            try handle.circuit.addHop(keys: keys)
            try advance(handle)
        case RelayCommandNumber.connected:
            guard incoming.hop == lastHop, let stream = handle.streams[incoming.streamID], stream.state == .connecting
            else { return }
            stream.state = .open
            stream.connectTimeout?.cancel()
            let callback = stream.onConnected
            stream.onConnected = nil
            callback?(.success(()))
            resume(stream)
        case RelayCommandNumber.data:
            guard incoming.hop == lastHop else { throw CircuitError(.protocolViolation, "DATA from a middle hop") }
            var writer = handle.writer
            guard handle.streams[incoming.streamID] != nil else {
                // Data for a stream we closed: still counts against the circuit window.
                try handle.circuit.deliveredDataForClosedStream(into: &writer)
                return
            }
            let stream = handle.streams[incoming.streamID]!
            if try handle.circuit.deliveredData(on: stream.id, into: &writer) { stream.owedSendmes += 1 }
            guard !stream.localClosed else { return }
            deliverToApplication(stream, data)
        case RelayCommandNumber.end:
            guard let stream = handle.streams.removeValue(forKey: incoming.streamID) else { return }
            handle.circuit.closeStream(stream.id)
            let reason = CircuitMessages.decodeReason(data)
            if stream.state == .connecting {
                closeStream(stream, failure: .fromEndReason(reason))
            } else {
                stream.state = .closed
                // Let every queued byte reach the application before closing: writes complete in
                // order, so the empty write's completion means all earlier data was written.
                flushToApplication(stream)
                let channel = stream.channel
                channel.writeAndFlush(ByteBuffer()).whenComplete { _ in channel.close(promise: nil) }
            }
        case RelayCommandNumber.sendme:
            try handle.circuit.receivedSendme(on: incoming.streamID, body: data)
            if incoming.streamID == 0 {
                for stream in handle.streams.values { resume(stream) }
            } else if let stream = handle.streams[incoming.streamID] {
                resume(stream)
            }
        case RelayCommandNumber.truncated:
            // An EXTEND failed or a later hop went away: this circuit is done; build another.
            let reason = CircuitMessages.decodeReason(data)
            fail(
                handle, .generalFailure("circuit truncated at hop \(incoming.hop + 1) (reason \(reason))"),
                sendDestroy: true)
        case RelayCommandNumber.drop:
            return
        default:
            throw CircuitError(.protocolViolation, "unexpected relay command \(incoming.command)")
        }
    }

    func linkReadBurstFinished(_ link: CellLink) {}

    func linkClosed(_ link: CellLink, error: (any Error)?) {
        if case .relay(let identity) = link.peer.kind, links[identity] === link { links[identity] = nil }
        let handles = circuitsByLink.removeValue(forKey: link) ?? [:]
        for handle in handles.values {
            fail(handle, .generalFailure("guard link closed"), sendDestroy: false)
        }
        replenishPreemptive()
    }

    func linkWritabilityChanged(_ link: CellLink) {
        guard link.isWritable, link.readsPaused else { return }
        link.readsPaused = false
        link.channel.read()
    }

    func shouldRead(_ link: CellLink) -> Bool { true }

    // MARK: Streams

    /// Opens a stream for a proxied connection; `completion` runs once CONNECTED or a failure arrives.
    func openStream(
        host: String, port: UInt16, isolation: AnyHashable, channel: any Channel,
        completion: @escaping (Result<ClientStream, StreamFailure>) -> Void
    ) {
        guard !isShuttingDown else {
            completion(.failure(.generalFailure("client is shutting down")))
            return
        }
        if let revocationNotice {
            completion(.failure(.revoked(revocationNotice)))
            return
        }
        circuit(isolation: isolation, port: port) { [self] result in
            switch result {
            case .failure(let failure):
                completion(.failure(failure))
            case .success(let handle):
                do {
                    let id = try handle.circuit.openStream()
                    let stream = ClientStream(id: id, handle: handle, channel: channel)
                    handle.streams[id] = stream
                    let metrics = self.metrics
                    stream.onConnected = { outcome in
                        switch outcome {
                        case .success:
                            metrics.streamsOpened.increment()
                            completion(.success(stream))
                        case .failure(let failure):
                            metrics.streamsRefused.increment()
                            completion(.failure(failure))
                        }
                    }
                    stream.connectTimeout = eventLoop.assumeIsolated().scheduleTask(in: config.streamConnectTimeout) {
                        [self] in
                        guard stream.state == .connecting else { return }
                        sendEnd(stream, reason: EndReasonNumber.timeout)
                        closeStream(stream, failure: .timedOut)
                    }
                    var writer = handle.writer
                    try withBytes(try CircuitMessages.encodeBegin(host: host, port: Int(port))) {
                        (body) throws(CircuitError) in
                        try handle.circuit.send(
                            command: RelayCommandNumber.begin, streamID: id, data: body, into: &writer)
                    }
                } catch {
                    completion(.failure(.generalFailure("cannot open a stream: \(error)")))
                }
            }
        }
    }

    /// Bytes from the application: package into DATA cells while the windows allow.
    func send(_ stream: ClientStream, _ buffer: ByteBuffer) {
        if var pending = stream.pending {
            var incoming = buffer
            pending.writeBuffer(&incoming)
            stream.pending = pending
        } else {
            stream.pending = buffer
        }
        drain(stream)
    }

    private func drain(_ stream: ClientStream) {
        guard var pending = stream.pending, stream.state == .open else { return }
        let handle = stream.handle
        var writer = handle.writer
        do {
            while pending.readableBytes > 0 && handle.circuit.canSendData(on: stream.id) {
                let chunk = min(pending.readableBytes, RelayCellLayout.maxDataLength)
                try pending.withUnsafeReadableBytes { bytes throws(CircuitError) in
                    try handle.circuit.send(
                        command: RelayCommandNumber.data, streamID: stream.id,
                        data: UnsafeRawBufferPointer(rebasing: bytes[0..<chunk]), into: &writer)
                }
                pending.moveReaderIndex(forwardBy: chunk)
            }
        } catch {
            fail(handle, .generalFailure("\(error)"), sendDestroy: true)
            return
        }
        stream.pending = pending.readableBytes > 0 ? pending : nil
    }

    /// Reads more from the application when nothing is pending and the windows allow.
    func resume(_ stream: ClientStream) {
        drain(stream)
        guard stream.state == .open, stream.pending == nil, !stream.localClosed,
            stream.handle.circuit.canSendData(on: stream.id)
        else { return }
        stream.channel.read()
    }

    /// Appends stream data for the application to this tick's buffer. The first cell of a tick
    /// schedules `flushToApplication` after the read burst, so a burst of DATA cells costs one
    /// buffer, one write and one flush instead of one of each per cell.
    private func deliverToApplication(_ stream: ClientStream, _ data: UnsafeRawBufferPointer) {
        if stream.toApplication != nil {
            stream.toApplication?.writeBytes(data)
            return
        }
        var buffer = stream.channel.allocator.buffer(capacity: 16 * RelayCellLayout.maxDataLength)
        buffer.writeBytes(data)
        stream.toApplication = buffer
        eventLoop.assumeIsolated().execute { [self] in flushToApplication(stream) }
    }

    /// Writes the data collected this tick; then, if the application socket still takes data,
    /// pays the stream SENDMEs owed (backpressure: a full socket withholds them).
    private func flushToApplication(_ stream: ClientStream) {
        guard let buffer = stream.toApplication else { return }
        stream.toApplication = nil
        stream.channel.writeAndFlush(buffer, promise: nil)
        guard stream.state == .open, stream.channel.isWritable else { return }
        do { try payOwedSendmes(stream) } catch {
            fail(stream.handle, .generalFailure("\(error)"), sendDestroy: true)
        }
    }

    func payOwedSendmes(_ stream: ClientStream) throws(CircuitError) {
        guard stream.handle.state == .open else { return }
        var writer = stream.handle.writer
        while stream.owedSendmes > 0 {
            stream.owedSendmes -= 1
            try stream.handle.circuit.sendStreamSendme(on: stream.id, into: &writer)
        }
    }

    func writabilityChanged(_ stream: ClientStream) {
        guard stream.channel.isWritable else { return }
        do { try payOwedSendmes(stream) } catch {
            fail(stream.handle, .generalFailure("\(error)"), sendDestroy: true)
        }
    }

    /// The application closed its connection: send END (after pending data) and forget the stream.
    func applicationClosed(_ stream: ClientStream) {
        stream.localClosed = true
        guard stream.state != .closed else { return }
        drain(stream)
        sendEnd(stream, reason: EndReasonNumber.done)
        stream.state = .closed
        stream.handle.streams[stream.id] = nil
        stream.handle.circuit.closeStream(stream.id)
    }

    private func sendEnd(_ stream: ClientStream, reason: UInt8) {
        guard stream.handle.state == .open else { return }
        var writer = stream.handle.writer
        do {
            try withBytes(CircuitMessages.encodeReason(reason)) { (body) throws(CircuitError) in
                try stream.handle.circuit.send(
                    command: RelayCommandNumber.end, streamID: stream.id, data: body, into: &writer)
            }
        } catch {
            fail(stream.handle, .generalFailure("\(error)"), sendDestroy: true)
        }
    }

    private func closeStream(_ stream: ClientStream, failure: StreamFailure) {
        stream.connectTimeout?.cancel()
        stream.handle.streams[stream.id] = nil
        stream.handle.circuit.closeStream(stream.id)
        let callback = stream.onConnected
        stream.onConnected = nil
        if let callback {
            callback(.failure(failure))
        } else if stream.state != .closed {
            stream.channel.close(promise: nil)
        }
        stream.state = .closed
    }

    // MARK: Revocations

    /// A relay was revoked: drop it from path selection now and close every circuit through it.
    func relayRevoked(_ identity: [UInt8]) {
        revokedRelays.insert(identity)
        for handle in openCircuits where handle.path.contains(where: { $0.identity.rawRepresentation == identity }) {
            fail(handle, .generalFailure("a relay on this circuit was revoked"), sendDestroy: true)
        }
        replenishPreemptive()
    }

    func relayReinstated(_ identity: [UInt8]) {
        revokedRelays.remove(identity)
    }

    /// This member was revoked (`notice` names the governance action): new streams fail with a
    /// clear reply instead of hanging, and the log says why.
    func memberRevoked(notice: String) {
        revocationNotice = notice
        logger.error("this member was revoked; streams are refused", metadata: ["action": "\(notice)"])
    }

    func memberReinstated() {
        revocationNotice = nil
        logger.notice("this member was reinstated; streams are allowed again")
    }

    // MARK: Shutdown and status

    func shutdown() {
        isShuttingDown = true
        for link in links.values { link.close() }
    }

    var openCircuitCount: Int { openCircuits.filter { $0.state == .open }.count }

    var usedCircuitPaths: [[String]] {
        openCircuits.filter { $0.state == .open && $0.isolation != nil }.map { $0.path.map(\.nickname) }
    }
}
