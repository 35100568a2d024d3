import SuretyCrypto

/// The client's view of one circuit: one onion layer per hop, circuit-level flow control toward the
/// last hop, and the streams it carries (Docs/SPEC.md §5, §6).
///
/// Sans-I/O. The caller (the client service's circuit driver) performs the hop handshakes and adds
/// each hop's keys with `addHop`. Not `Sendable`: owned by the guard link's event loop.
public final class ClientCircuit {
    /// A relay message a hop sent us.
    public struct Incoming: Equatable {
        /// Index of the hop that originated it (0 = guard).
        public var hop: Int
        public var command: UInt8
        public var streamID: UInt16
        /// Where the message data lies in the payload.
        public var data: Range<Int>
    }

    private var hops: [HopCrypto] = []
    private let parameters: FlowControlParameters
    private var circuitPackage: PackageWindow
    private var circuitDeliver: DeliverWindow
    private var streams: [UInt16: StreamWindows] = [:]
    private var nextStreamID: UInt16 = 1
    public static let maxStreams = 500

    public init(parameters: FlowControlParameters = .default) {
        self.parameters = parameters
        circuitPackage = PackageWindow(
            start: parameters.circuitWindowStart, increment: parameters.circuitWindowIncrement, trackTags: true)
        circuitDeliver = DeliverWindow(
            start: parameters.circuitWindowStart, increment: parameters.circuitWindowIncrement)
    }

    public var hopCount: Int { hops.count }

    /// Adds the next hop's layer after its handshake completed.
    public func addHop(keys: HopKeys) throws(CircuitError) {
        do { hops.append(try HopCrypto(keys: keys)) } catch {
            throw CircuitError(.internalError, "hop crypto: \(error)")
        }
    }

    /// Originates a relay message to hop `hop` (default: the last hop). EXTEND goes `early`.
    public func send(
        command: UInt8, streamID: UInt16, data: UnsafeRawBufferPointer, toHop hop: Int? = nil, early: Bool = false,
        into writer: inout some RelayCellWriter
    ) throws(CircuitError) {
        guard !hops.isEmpty else { throw CircuitError(.invalidState, "circuit has no hops yet") }
        let target = hop ?? hops.count - 1
        guard target >= 0 && target < hops.count else {
            throw CircuitError(.invalidState, "no hop \(target)")
        }
        guard data.count <= RelayCellLayout.maxDataLength else {
            throw CircuitError(.invalidState, "relay data longer than one cell")
        }
        let isData = command == RelayCommandNumber.data
        if isData {
            guard circuitPackage.canSend else { throw CircuitError(.flowControl, "circuit window is empty") }
            guard let stream = streams[streamID], stream.package.canSend else {
                throw CircuitError(.flowControl, "stream \(streamID) window is empty or unknown")
            }
        }
        let hops = self.hops
        var tag: UInt64 = 0
        try writer.appendRelayCell(early: early) { (payload) throws(CircuitError) in
            RelayCellLayout.writePlaintext(into: payload, command: command, streamID: streamID, data: data)
            tag = HopCrypto.seal(payload, with: hops[target].forwardDigest)
            var index = target
            while index >= 0 {
                try hops[index].applyForward(payload)
                index -= 1
            }
        }
        if isData {
            circuitPackage.didSend(tag: tag)
            streams[streamID]?.package.didSend(tag: tag)
        }
    }

    /// Removes layers from a backward cell, guard first, until a hop recognizes it.
    public func receive(_ payload: UnsafeMutableRawBufferPointer) throws(CircuitError) -> Incoming {
        for (index, hop) in hops.enumerated() {
            try hop.applyBackward(payload)
            if HopCrypto.recognize(payload, with: hop.backwardDigest) != nil {
                let view = UnsafeRawBufferPointer(payload)
                return Incoming(
                    hop: index, command: RelayCellLayout.command(view), streamID: RelayCellLayout.streamID(view),
                    data: try RelayCellLayout.dataRange(view))
            }
        }
        throw CircuitError(.protocolViolation, "backward cell recognized by no hop")
    }

    // MARK: Streams

    /// Whether a new stream can be opened.
    public var canOpenStream: Bool { streams.count < Self.maxStreams }

    /// Allocates a stream id and its windows; the caller then sends BEGIN on it.
    public func openStream() throws(CircuitError) -> UInt16 {
        guard canOpenStream else { throw CircuitError(.resourceLimit, "too many streams on this circuit") }
        var candidate = nextStreamID
        for _ in 0..<Int(UInt16.max) {
            if candidate != 0 && streams[candidate] == nil {
                streams[candidate] = StreamWindows(parameters: parameters)
                nextStreamID = candidate &+ 1
                return candidate
            }
            candidate &+= 1
        }
        throw CircuitError(.resourceLimit, "no free stream id")
    }

    /// Forgets a stream (after END in either direction).
    public func closeStream(_ id: UInt16) {
        streams[id] = nil
    }

    public var openStreamCount: Int { streams.count }

    /// Whether one more DATA cell may be sent on `stream`.
    public func canSendData(on stream: UInt16) -> Bool {
        circuitPackage.canSend && (streams[stream]?.package.canSend ?? false)
    }

    /// Accounts a DATA cell received from the last hop; writes a circuit SENDME when one is due.
    /// Returns whether a stream-level SENDME is due (the caller sends it once the data was
    /// written to the local socket, so a slow reader pushes back).
    public func deliveredData(on stream: UInt16, into writer: inout some RelayCellWriter) throws(CircuitError)
        -> Bool
    {
        guard streams[stream] != nil else { throw CircuitError(.unknownStream, "DATA for unknown stream \(stream)") }
        if try circuitDeliver.didReceive() {
            let tag = hops[hops.count - 1].backwardDigest.currentTag()
            let body = SendmeBody.encode(tag: tag)
            try withBytes(body) { (b) throws(CircuitError) in
                try send(command: RelayCommandNumber.sendme, streamID: 0, data: b, into: &writer)
            }
        }
        return try streams[stream]!.deliver.didReceive()
    }

    /// Accounts a DATA cell for a stream we already closed: it still counts against the circuit
    /// window (Docs/SPEC.md §6.2), or the exit's window and ours would drift apart.
    public func deliveredDataForClosedStream(into writer: inout some RelayCellWriter) throws(CircuitError) {
        guard try circuitDeliver.didReceive() else { return }
        let tag = hops[hops.count - 1].backwardDigest.currentTag()
        let body = SendmeBody.encode(tag: tag)
        try withBytes(body) { (b) throws(CircuitError) in
            try send(command: RelayCommandNumber.sendme, streamID: 0, data: b, into: &writer)
        }
    }

    /// Sends a stream-level SENDME (no digest: stream windows ride inside the authenticated circuit window).
    public func sendStreamSendme(on stream: UInt16, into writer: inout some RelayCellWriter) throws(CircuitError) {
        try send(
            command: RelayCommandNumber.sendme, streamID: stream, data: UnsafeRawBufferPointer(start: nil, count: 0),
            into: &writer)
    }

    /// Applies a SENDME from the last hop (stream 0: circuit level, authenticated).
    public func receivedSendme(on stream: UInt16, body: UnsafeRawBufferPointer) throws(CircuitError) {
        if stream == 0 {
            try circuitPackage.receivedSendme(tag: SendmeBody.tag(body))
        } else {
            guard streams[stream] != nil else { return }  // stream already closed locally: harmless
            try streams[stream]!.package.receivedSendme(tag: nil)
        }
    }
}

/// Per-stream windows, used by both stream ends.
public struct StreamWindows {
    var package: PackageWindow
    var deliver: DeliverWindow

    public init(parameters: FlowControlParameters) {
        package = PackageWindow(
            start: parameters.streamWindowStart, increment: parameters.streamWindowIncrement, trackTags: false)
        deliver = DeliverWindow(start: parameters.streamWindowStart, increment: parameters.streamWindowIncrement)
    }

    public var canSend: Bool { package.canSend }

    /// Accounts one DATA cell sent.
    public mutating func didSendData() { package.didSend(tag: 0) }

    /// Accounts one DATA cell received; true when a stream SENDME is due.
    public mutating func didReceiveData() throws(CircuitError) -> Bool { try deliver.didReceive() }

    /// Applies a stream SENDME.
    public mutating func receivedSendme() throws(CircuitError) { try package.receivedSendme(tag: nil) }
}
