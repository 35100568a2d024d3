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
        guard let raw = buffer.getInteger(at: index, as: UInt32.self),
            let rawCommand = buffer.getInteger(at: index + 4, as: UInt8.self)
        else { return nil }
        let command = try CellCommand(wireValue: rawCommand)
        let circuitID = CircuitID(raw)
        try Cell.validate(circuitID: circuitID, command: command)
        return CellHeader(circuitID: circuitID, command: command)
    }

    /// Overwrites the 5 header bytes at `index` (which must already be written).
    public func write(to buffer: inout ByteBuffer, at index: Int) {
        buffer.setInteger(circuitID.rawValue, at: index)
        buffer.setInteger(command.rawValue, at: index + 4)
    }

    /// Appends the 5 header bytes.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(circuitID.rawValue, command.rawValue)
    }
}
