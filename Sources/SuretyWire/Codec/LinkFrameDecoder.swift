public import NIOCore

/// Splits the TCP byte stream into Noise messages, each preceded by a u16 length
/// (Docs/SPEC.md §2.2). Emits each message as a `ByteBuffer` slice; a zero length throws,
/// closing the link. The largest frame is 65535 bytes, so at most 65537 bytes are buffered.
public struct LinkFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.readFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Reads one frame: `nil` (nothing consumed) if incomplete; throws on a zero length.
    public static func readFrame(from buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return nil }
        guard length > 0 else { throw WireError(.invalidLength, "zero-length link frame") }
        guard buffer.readableBytes >= 2 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 2)
        return buffer.readSlice(length: Int(length))
    }
}
