/// Where a circuit writes the cells it originates: the link layer appends each one directly into
/// the next Noise batch buffer, so packaging a cell allocates nothing (DESIGN.md "Performance").
public protocol RelayCellWriter {
    /// Appends one RELAY cell (RELAY_EARLY when `early`) for the circuit; `fill` receives the cell's
    /// 1019-byte payload, zeroed, to write in place.
    mutating func appendRelayCell(early: Bool, _ fill: (UnsafeMutableRawBufferPointer) throws(CircuitError) -> Void)
        throws(CircuitError)
}

/// A writer that collects payloads as arrays: tests and low-rate control paths.
public struct CollectingCellWriter: RelayCellWriter {
    public struct Collected: Sendable {
        public var early: Bool
        public var payload: [UInt8]
    }

    public var cells: [Collected] = []

    public init() {}

    public mutating func appendRelayCell(
        early: Bool, _ fill: (UnsafeMutableRawBufferPointer) throws(CircuitError) -> Void
    ) throws(CircuitError) {
        var payload = [UInt8](repeating: 0, count: RelayCellLayout.payloadLength)
        let result: Result<Void, CircuitError> = payload.withUnsafeMutableBytes { p in
            Result { () throws(CircuitError) in try fill(p) }
        }
        try result.get()
        cells.append(Collected(early: early, payload: payload))
    }
}
