public import NIOCore

extension RelayMessage {
    /// DROP: long-range padding, 0–1004 ignored bytes (Docs/SPEC.md §6.13).
    public struct Drop: Hashable, Sendable {
        public let bytes: ByteBuffer

        public init(_ bytes: ByteBuffer) throws {
            guard bytes.readableBytes <= RelayCell.maxDataLength else {
                throw WireError(.invalidArgument, "DROP longer than \(RelayCell.maxDataLength) bytes")
            }
            self.bytes = bytes
        }

        init(decoding body: ByteBuffer) { bytes = body }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeImmutableBuffer(bytes)
        }
    }
}
