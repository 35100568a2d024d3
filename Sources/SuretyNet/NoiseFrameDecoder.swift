public import NIOCore

/// Splits a TCP byte stream into Noise messages, each preceded by a 2-byte big-endian length
/// (Docs/SPEC.md §2.2). A frame is at most 65535 bytes, so no length from the wire can drive a
/// larger allocation; a zero-length frame is a protocol error.
public struct NoiseFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return .needMoreData }
        guard length > 0 else { throw LinkError(.protocolViolation, "zero-length Noise frame") }
        guard buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        let frame = buffer.readSlice(length: Int(length))!
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Writes the 2-byte length prefix of a Noise frame.
enum NoiseFrame {
    static func append(_ message: UnsafeRawBufferPointer, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(message.count))
        buffer.writeBytes(message)
    }
}
