public import NIOCore

extension RelayMessage {
    /// EXTENDED: length u16 and the new hop's handshake msg2 (Docs/SPEC.md §6.10).
    public struct Extended: Hashable, Sendable {
        /// 1–768 bytes.
        public let handshake: ByteBuffer

        public init(handshake: ByteBuffer) throws {
            try HopHandshakeBytes.validate(handshake, code: .invalidArgument)
            self.handshake = handshake
        }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            handshake = try HopHandshakeBytes.read(from: &buffer, what: "EXTENDED")
            try buffer.requireFullyConsumed("EXTENDED")
        }

        func encode(into buffer: inout ByteBuffer) {
            HopHandshakeBytes.write(handshake, to: &buffer)
        }
    }
}
