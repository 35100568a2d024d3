public import NIOCore

extension RelayMessage {
    /// DATA: 1–1004 stream bytes (Docs/SPEC.md §6.5). Holds a slice; nothing is copied.
    public struct Data: Hashable, Sendable {
        public let bytes: ByteBuffer

        public init(_ bytes: ByteBuffer) throws {
            guard (1...RelayCell.maxDataLength).contains(bytes.readableBytes) else {
                throw WireError(
                    .invalidArgument, "DATA needs 1-\(RelayCell.maxDataLength) bytes, got \(bytes.readableBytes)")
            }
            self.bytes = bytes
        }

        init(decoding body: ByteBuffer) throws {
            guard body.readableBytes >= 1 else { throw WireError(.invalidLength, "empty DATA") }
            bytes = body
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeImmutableBuffer(bytes)
        }
    }
}
