import NIOCore
import SuretyCircuit

/// One stream at an exit: the TCP connection to the destination and the stream's windows.
/// Loop-confined.
final class ExitStream {
    enum State {
        case resolving
        case connecting
        case open
        case closed
    }

    let id: UInt16
    unowned let circuit: RelayCircuit
    var state: State = .resolving
    var channel: (any Channel)?
    var windows: StreamWindows
    /// Stream SENDMEs owed to the client, sent once the destination socket drains.
    var owedSendmes = 0
    /// Bytes read from the destination that the windows did not let us package yet (bounded: we
    /// stop reading while it is non-empty).
    var pending: ByteBuffer?
    /// The destination closed its side; send END once `pending` is drained.
    var destinationClosed = false
    var readRequested = false
    /// A flush of the destination channel is scheduled for the end of this tick.
    var flushScheduled = false

    init(id: UInt16, circuit: RelayCircuit, windows: StreamWindows) {
        self.id = id
        self.circuit = circuit
        self.windows = windows
    }
}
