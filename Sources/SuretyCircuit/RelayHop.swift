import SuretyCrypto

/// One relay's position on one circuit: its onion layer, RELAY_EARLY accounting and, at the hop a
/// message is for, circuit-level flow control (Docs/SPEC.md §5, §6.4).
///
/// Sans-I/O: the relay service hands it payloads where they lie in the link's buffer and performs
/// what it returns. Not `Sendable`: owned by the inbound link's event loop.
public final class RelayHop {
    /// What a relay does with a forward (client → exit) cell after removing its layer.
    public enum ForwardDisposition: Equatable {
        /// Not for this hop: pass it to the next hop unchanged.
        case forward
        /// For this hop: a relay message `command` on `streamID` with data at `data` in the payload.
        case deliver(command: UInt8, streamID: UInt16, data: Range<Int>)
    }

    public static let maxRelayEarly = 8

    private let crypto: HopCrypto
    private var relayEarlyCount = 0
    /// Whether the circuit continues past this hop (set once EXTEND succeeded).
    public var hasNextHop = false
    var circuitPackage: PackageWindow
    var circuitDeliver: DeliverWindow
    private let parameters: FlowControlParameters

    public init(keys: HopKeys, parameters: FlowControlParameters = .default) throws(CircuitError) {
        do { crypto = try HopCrypto(keys: keys) } catch {
            throw CircuitError(.internalError, "hop crypto: \(error)")
        }
        self.parameters = parameters
        circuitPackage = PackageWindow(
            start: parameters.circuitWindowStart, increment: parameters.circuitWindowIncrement, trackTags: true)
        circuitDeliver = DeliverWindow(
            start: parameters.circuitWindowStart, increment: parameters.circuitWindowIncrement)
    }

    /// Removes this hop's layer from a forward cell and decides where it goes. `early` marks a
    /// RELAY_EARLY cell; more than eight on one circuit tear it down (long-path amplification).
    public func forward(_ payload: UnsafeMutableRawBufferPointer, early: Bool) throws(CircuitError)
        -> ForwardDisposition
    {
        if early {
            relayEarlyCount += 1
            guard relayEarlyCount <= Self.maxRelayEarly else {
                throw CircuitError(.resourceLimit, "more than \(Self.maxRelayEarly) RELAY_EARLY cells")
            }
        }
        try crypto.applyForward(payload)
        guard HopCrypto.recognize(payload, with: crypto.forwardDigest) != nil else {
            guard hasNextHop else {
                throw CircuitError(.protocolViolation, "unrecognized cell at the last hop")
            }
            return .forward
        }
        let view = UnsafeRawBufferPointer(payload)
        let command = RelayCellLayout.command(view)
        let streamID = RelayCellLayout.streamID(view)
        let data = try RelayCellLayout.dataRange(view)
        if command == RelayCommandNumber.extend && !early {
            throw CircuitError(.protocolViolation, "EXTEND outside RELAY_EARLY")
        }
        if command == RelayCommandNumber.data {
            guard streamID != 0 else { throw CircuitError(.protocolViolation, "DATA on stream 0") }
            // Circuit-level deliver window; the SENDME itself is sent by `deliveredData`.
        }
        return .deliver(command: command, streamID: streamID, data: data)
    }

    /// Adds this hop's layer to a backward (exit → client) cell coming from the next hop.
    public func backward(_ payload: UnsafeMutableRawBufferPointer) throws(CircuitError) {
        try crypto.applyBackward(payload)
    }

    /// Whether the circuit package window allows one more DATA cell toward the client.
    public var canPackageData: Bool { circuitPackage.canSend }

    /// Originates a relay message toward the client (EXTENDED, CONNECTED, DATA, END, SENDME …).
    public func originate(
        command: UInt8, streamID: UInt16, data: UnsafeRawBufferPointer, into writer: inout some RelayCellWriter
    ) throws(CircuitError) {
        guard data.count <= RelayCellLayout.maxDataLength else {
            throw CircuitError(.invalidState, "relay data longer than one cell")
        }
        if command == RelayCommandNumber.data && !circuitPackage.canSend {
            throw CircuitError(.flowControl, "circuit package window is empty")
        }
        let crypto = self.crypto
        var tag: UInt64 = 0
        try writer.appendRelayCell(early: false) { (payload) throws(CircuitError) in
            RelayCellLayout.writePlaintext(into: payload, command: command, streamID: streamID, data: data)
            tag = HopCrypto.seal(payload, with: crypto.backwardDigest)
            try crypto.applyBackward(payload)
        }
        if command == RelayCommandNumber.data { circuitPackage.didSend(tag: tag) }
    }

    /// Accounts a delivered DATA cell; when a circuit-level SENDME is due, writes it (carrying the
    /// digest of the cell that triggered it).
    public func deliveredData(into writer: inout some RelayCellWriter) throws(CircuitError) {
        guard try circuitDeliver.didReceive() else { return }
        try writeSendme(acknowledging: crypto.forwardDigest.currentTag(), into: &writer)
    }

    /// Applies a circuit-level SENDME from the client.
    public func receivedCircuitSendme(_ body: UnsafeRawBufferPointer) throws(CircuitError) {
        try circuitPackage.receivedSendme(tag: SendmeBody.tag(body))
    }

    private func writeSendme(acknowledging tag: UInt64, into writer: inout some RelayCellWriter) throws(CircuitError) {
        let body = SendmeBody.encode(tag: tag)
        try withBytes(body) { (b) throws(CircuitError) in
            try originate(command: RelayCommandNumber.sendme, streamID: 0, data: b, into: &writer)
        }
    }
}
