public import SuretyCircuit

/// Appends relay cells for one circuit to a link's batch buffer.
public struct CircuitCellWriter: RelayCellWriter {
    public let link: CellLink
    public let circuitID: UInt32

    public init(link: CellLink, circuitID: UInt32) {
        self.link = link
        self.circuitID = circuitID
    }

    public mutating func appendRelayCell(
        early: Bool, _ fill: (UnsafeMutableRawBufferPointer) throws(CircuitError) -> Void
    ) throws(CircuitError) {
        var failure: CircuitError?
        link.appendCell(circuitID: circuitID, command: early ? CellCommandNumber.relayEarly : CellCommandNumber.relay) {
            payload in
            do { try fill(payload) } catch let error as CircuitError { failure = error } catch {}
        }
        if let failure { throw failure }
    }
}
