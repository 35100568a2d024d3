public import NIOCore

/// Writes cells as their `Cell.size` bytes (Docs/SPEC.md §3.1).
public struct CellEncoder: MessageToByteEncoder {
    public typealias OutboundIn = Cell

    public init() {}

    public func encode(data: Cell, out: inout ByteBuffer) throws {
        data.encode(into: &out)
    }
}
