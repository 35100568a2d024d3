import NIOCore
import SuretyCircuit
import SuretyNet

/// One circuit through this relay: the link it came in on, the link it continues on (after
/// EXTEND), this relay's onion layer, and — at an exit — its streams. Loop-confined.
final class RelayCircuit {
    let hop: RelayHop
    let previous: CellLink
    let previousID: UInt32
    var next: CellLink?
    var nextID: UInt32?
    /// Set while an EXTEND waits for its link or CREATED.
    var extendPending = false
    var streams: [UInt16: ExitStream] = [:]
    var isClosed = false

    init(hop: RelayHop, previous: CellLink, previousID: UInt32) {
        self.hop = hop
        self.previous = previous
        self.previousID = previousID
    }

    /// A writer for cells this relay originates toward the client.
    var backwardWriter: LinkCellWriter { LinkCellWriter(link: previous, circuitID: previousID) }
}

/// Which side of a circuit a (link, circuit id) pair is.
enum CircuitSide {
    /// The link toward the client: cells arriving here travel forward.
    case inbound(RelayCircuit)
    /// The link toward the exit: cells arriving here travel backward.
    case outbound(RelayCircuit)

    var circuit: RelayCircuit {
        switch self {
        case .inbound(let circuit), .outbound(let circuit): return circuit
        }
    }
}

/// Appends relay cells for one circuit to a link's batch buffer.
struct LinkCellWriter: RelayCellWriter {
    let link: CellLink
    let circuitID: UInt32

    mutating func appendRelayCell(
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
