import NIOCore
import SuretyCircuit
import SuretyNet

/// One circuit of the client: its guard link and id, path, onion state, build progress and streams.
/// Loop-confined.
final class ClientCircuitHandle {
    enum State {
        case building
        case open
        case closed
    }

    let link: CellLink
    let circuitID: UInt32
    let path: [RelayInfo]
    let circuit: ClientCircuit
    var state: State = .building
    var handshake: HopHandshake.Initiator?
    var buildWaiters: [(Result<ClientCircuitHandle, StreamFailure>) -> Void] = []
    var buildTimeout: Scheduled<Void>?
    var streams: [UInt16: ClientStream] = [:]
    /// Set on first use: streams with another isolation key never share this circuit.
    var isolation: AnyHashable?
    var firstUsed: NIODeadline?
    let builtAt = NIODeadline.now()

    init(link: CellLink, circuitID: UInt32, path: [RelayInfo], circuit: ClientCircuit) {
        self.link = link
        self.circuitID = circuitID
        self.path = path
        self.circuit = circuit
    }

    var writer: CircuitCellWriter { CircuitCellWriter(link: link, circuitID: circuitID) }
    var exit: RelayInfo { path[path.count - 1] }
}

/// One proxied connection riding a circuit. Loop-confined.
final class ClientStream {
    enum State {
        case connecting
        case open
        case closed
    }

    let id: UInt16
    unowned let handle: ClientCircuitHandle
    let channel: any Channel
    var state: State = .connecting
    var pending: ByteBuffer?
    var owedSendmes = 0
    var onConnected: ((Result<Void, StreamFailure>) -> Void)?
    var connectTimeout: Scheduled<Void>?
    var localClosed = false
    /// Stream data for the application received during this event-loop tick; written with one
    /// `writeAndFlush` when the tick ends (one buffer and one write per burst, not per cell).
    var toApplication: ByteBuffer?

    init(id: UInt16, handle: ClientCircuitHandle, channel: any Channel) {
        self.id = id
        self.handle = handle
        self.channel = channel
    }
}
