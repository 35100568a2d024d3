public import NIOCore

/// Prefixes each Noise message with its u16 length (Docs/SPEC.md §2.2). Throws
/// `invalidArgument` for an empty message or one above 65535 bytes.
public struct LinkFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    public init() {}

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        try Self.writeFrame(data, to: &out)
    }

    /// Appends `message` with its length prefix.
    public static func writeFrame(_ message: ByteBuffer, to out: inout ByteBuffer) throws {
        let length = message.readableBytes
        guard length > 0, length <= WireLimits.maxNoiseMessage else {
            throw WireError(.invalidArgument, "link frame of \(length) bytes is outside 1-65535")
        }
        out.writeInteger(UInt16(length))
        out.writeImmutableBuffer(message)
    }
}
