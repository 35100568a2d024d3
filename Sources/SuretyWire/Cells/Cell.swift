public import NIOCore

/// A fixed-size cell: circuit id u32, command u8, payload [1019] (Docs/SPEC.md §3.1).
///
/// The payload is a `ByteBuffer` slice of exactly `payloadSize` bytes; decoding and encoding
/// copy no payload bytes and allocate nothing when the destination has capacity. The
/// invariants (payload size, circuit-id class of §3.2) hold for every value: the only ways to
/// make one validate them.
public struct Cell: Hashable, Sendable {
    /// `CELL_SIZE`: every cell is exactly this long on the wire.
    public static let size = 1024
    /// Circuit id (4) and command (1).
    public static let headerSize = 5
    /// `CELL_PAYLOAD_SIZE`.
    public static let payloadSize = size - headerSize

    public let circuitID: CircuitID
    public let command: CellCommand
    /// Exactly `payloadSize` readable bytes.
    public private(set) var payload: ByteBuffer

    /// Makes a cell from a complete payload; throws `invalidLength` unless the payload has
    /// exactly `payloadSize` readable bytes and `invalidCircuitID` if the command does not
    /// belong on that circuit id.
    public init(circuitID: CircuitID, command: CellCommand, payload: ByteBuffer) throws {
        try Self.validate(circuitID: circuitID, command: command)
        guard payload.readableBytes == Self.payloadSize else {
            throw WireError(
                .invalidLength, "cell payload must be \(Self.payloadSize) bytes, got \(payload.readableBytes)")
        }
        self.init(unchecked: circuitID, command, payload)
    }

    /// Builds a cell whose payload `body` writes; the rest is zero padding. Throws
    /// `invalidArgument` if the body writes more than `payloadSize` bytes.
    public init(
        circuitID: CircuitID,
        command: CellCommand,
        allocator: ByteBufferAllocator = ByteBufferAllocator(),
        body: (inout ByteBuffer) throws -> Void
    ) throws {
        try Self.validate(circuitID: circuitID, command: command)
        var payload = allocator.buffer(capacity: Self.payloadSize)
        try body(&payload)
        guard payload.readableBytes <= Self.payloadSize else {
            throw WireError(.invalidArgument, "cell body of \(payload.readableBytes) bytes exceeds \(Self.payloadSize)")
        }
        payload.writeRepeatingByte(0, count: Self.payloadSize - payload.readableBytes)
        self.init(unchecked: circuitID, command, payload)
    }

    /// Decodes exactly one cell from exactly `size` bytes.
    public init(decoding bytes: ByteBuffer) throws {
        guard bytes.readableBytes == Self.size else {
            throw WireError(.invalidLength, "a cell is \(Self.size) bytes, got \(bytes.readableBytes)")
        }
        var copy = bytes
        guard let cell = try Self.read(from: &copy) else {
            throw WireError(.truncated, "cell")
        }
        self = cell
    }

    init(unchecked circuitID: CircuitID, _ command: CellCommand, _ payload: ByteBuffer) {
        self.circuitID = circuitID
        self.command = command
        self.payload = payload
    }

    /// Reads one cell from the front of `buffer`: `nil` (nothing consumed) if fewer than
    /// `size` bytes are readable; throws (nothing consumed) on an unknown command or a
    /// circuit-id class violation, both of which close the link (Docs/SPEC.md §3.11).
    public static func read(from buffer: inout ByteBuffer) throws -> Cell? {
        guard buffer.readableBytes >= size,
            let header = try CellHeader.peek(in: buffer, at: buffer.readerIndex),
            let payload = buffer.getSlice(at: buffer.readerIndex + headerSize, length: payloadSize)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: size)
        return Cell(unchecked: header.circuitID, header.command, payload)
    }

    /// Appends the cell's `size` bytes to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        CellHeader(circuitID: circuitID, command: command).write(to: &buffer)
        buffer.writeImmutableBuffer(payload)
    }

    /// Gives mutable access to the payload bytes without changing their count, for onion
    /// encryption in place. This copies the payload first only if its storage is shared
    /// (copy-on-write), e.g. with the batch it was sliced from; processing cells in the batch
    /// buffer itself (`CellHeader`, `RelayCellHeader`) avoids that.
    public mutating func withUnsafeMutablePayloadBytes<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws -> R
    ) rethrows -> R {
        try payload.withUnsafeMutableReadableBytes(body)
    }

    /// Throws `invalidCircuitID` unless `command` may use `circuitID` (Docs/SPEC.md §3.2).
    public static func validate(circuitID: CircuitID, command: CellCommand) throws {
        if command.isLinkLevel != circuitID.isLinkLevel {
            throw WireError(
                .invalidCircuitID,
                command.isLinkLevel ? "\(command) must use circuit id 0" : "\(command) must not use circuit id 0"
            )
        }
    }
}
