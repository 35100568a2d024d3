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
    var backwardWriter: CircuitCellWriter { CircuitCellWriter(link: previous, circuitID: previousID) }
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
