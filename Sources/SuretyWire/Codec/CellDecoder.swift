public import NIOCore

/// Splits a byte stream (the plaintext of Noise transport messages) into cells
/// (Docs/SPEC.md §2.9, §3.1).
///
/// Every cell is exactly `Cell.size` bytes, so no length from the wire is involved. An unknown
/// command or a circuit-id class violation throws, which closes the link (§3.11). Bytes left at
/// end of stream are not a whole cell and are reported by NIO as left-over data.
public struct CellDecoder: ByteToMessageDecoder {
    public typealias InboundOut = Cell

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let cell = try Cell.read(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(cell))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
