public import NIOCore

/// A cell's payload decoded according to its command (Docs/SPEC.md §3.3–§3.10).
///
/// RELAY and RELAY_EARLY payloads stay opaque: they are onion-encrypted and only the onion layer
/// (Docs/SPEC.md §5) can read them. PADDING content is ignored.
public enum CellMessage: Hashable, Sendable {
    case padding
    case create(Create)
    case created(Created)
    case relay(ByteBuffer)
    case destroy(Destroy)
    case relayEarly(ByteBuffer)
    case netInfo(NetInfo)
    case governance(GovernanceFragment)

    public var command: CellCommand {
        switch self {
        case .padding: .padding
        case .create: .create
        case .created: .created
        case .relay: .relay
        case .destroy: .destroy
        case .relayEarly: .relayEarly
        case .netInfo: .netInfo
        case .governance: .governance
        }
    }

    /// Decodes the cell's payload. Errors map to link close or DESTROY per Docs/SPEC.md §3.11.
    public init(decoding cell: Cell) throws {
        switch cell.command {
        case .padding: self = .padding
        case .create: self = .create(try Create(decoding: cell.payload))
        case .created: self = .created(try Created(decoding: cell.payload))
        case .relay: self = .relay(cell.payload)
        case .destroy: self = .destroy(try Destroy(decoding: cell.payload))
        case .relayEarly: self = .relayEarly(cell.payload)
        case .netInfo: self = .netInfo(try NetInfo(decoding: cell.payload))
        case .governance: self = .governance(try GovernanceFragment(decoding: cell.payload))
        }
    }

    /// Writes exactly `Cell.payloadSize` bytes. RELAY payloads must already be that long
    /// (`invalidArgument` otherwise).
    public func encodePayload(into buffer: inout ByteBuffer) throws {
        switch self {
        case .padding:
            buffer.writeRepeatingByte(0, count: Cell.payloadSize)
        case .create(let m): m.encode(into: &buffer)
        case .created(let m): m.encode(into: &buffer)
        case .destroy(let m): m.encode(into: &buffer)
        case .netInfo(let m): m.encode(into: &buffer)
        case .governance(let m): m.encode(into: &buffer)
        case .relay(let payload), .relayEarly(let payload):
            guard payload.readableBytes == Cell.payloadSize else {
                throw WireError(.invalidArgument, "relay payload must be \(Cell.payloadSize) bytes")
            }
            buffer.writeImmutableBuffer(payload)
        }
    }

    /// The cell carrying this message on `circuitID`.
    public func cell(circuitID: CircuitID, allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> Cell {
        if case .relay(let payload) = self { return try Cell(circuitID: circuitID, command: .relay, payload: payload) }
        if case .relayEarly(let payload) = self {
            return try Cell(circuitID: circuitID, command: .relayEarly, payload: payload)
        }
        var payload = allocator.buffer(capacity: Cell.payloadSize)
        try encodePayload(into: &payload)
        return try Cell(circuitID: circuitID, command: command, payload: payload)
    }
}
