public import NIOCore

/// The 5-byte cell header (circuit id, command) read or written at a given index, so a link
/// can route and rewrite cells inside a decrypted batch without slicing or copying
/// (Docs/SPEC.md §3.1).
public struct CellHeader: Hashable, Sendable {
    public var circuitID: CircuitID
    public var command: CellCommand

    public init(circuitID: CircuitID, command: CellCommand) {
        self.circuitID = circuitID
        self.command = command
    }

    /// Reads the header at `index`: `nil` if fewer than 5 bytes exist there; throws
    /// `unknownCommand` or `invalidCircuitID`.
    public static func peek(in buffer: ByteBuffer, at index: Int) throws -> CellHeader? {
        // One bounds check and one buffer access instead of one per field: this runs per cell.
        guard index >= buffer.readerIndex, index + Cell.headerSize <= buffer.writerIndex else { return nil }
        let (raw, rawCommand) = buffer.withUnsafeReadableBytes { bytes in
            let offset = index - buffer.readerIndex
            return (
                UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
                bytes[offset + 4]
            )
        }
        let command = try CellCommand(wireValue: rawCommand)
        let circuitID = CircuitID(raw)
        try Cell.validate(circuitID: circuitID, command: command)
        return CellHeader(circuitID: circuitID, command: command)
    }

    /// Overwrites the 5 header bytes at `index` (which must already be written).
    public func write(to buffer: inout ByteBuffer, at index: Int) {
        buffer.setMultipleIntegers(circuitID.rawValue, command.rawValue, at: index)
    }

    /// Appends the 5 header bytes with a single buffer access (this runs per cell).
    public func write(to buffer: inout ByteBuffer) {
        let circuit = circuitID.rawValue.bigEndian
        let command = command.rawValue
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Cell.headerSize) { bytes in
            bytes.storeBytes(of: circuit, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: command, toByteOffset: 4, as: UInt8.self)
            return Cell.headerSize
        }
    }
}
