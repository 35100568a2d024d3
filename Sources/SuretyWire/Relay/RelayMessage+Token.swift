public import NIOCore

extension RelayMessage {
    /// TOKEN: 1–1004 opaque bytes for the exit hop; the layout is reserved
    /// (Docs/SPEC.md §6.15, §10.1).
    public struct Token: Hashable, Sendable {
        public let body: ByteBuffer

        public init(body: ByteBuffer) throws {
            guard (1...RelayCell.maxDataLength).contains(body.readableBytes) else {
                throw WireError(.invalidArgument, "TOKEN needs 1-\(RelayCell.maxDataLength) bytes")
            }
            self.body = body
        }

        init(decoding body: ByteBuffer) throws {
            guard body.readableBytes >= 1 else { throw WireError(.invalidLength, "empty TOKEN") }
            self.body = body
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeImmutableBuffer(body)
        }
    }
}
