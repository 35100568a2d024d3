public import NIOCore

extension CellMessage {
    /// CREATED: length u16, handshake, zero padding (Docs/SPEC.md §3.6).
    public struct Created: Hashable, Sendable {
        /// Hop handshake msg2, 1–768 bytes.
        public let handshake: ByteBuffer

        public init(handshake: ByteBuffer) throws {
            try HopHandshakeBytes.validate(handshake, code: .invalidArgument)
            self.handshake = handshake
        }

        /// Decodes a complete CREATED payload (including its padding).
        public init(decoding payload: ByteBuffer) throws {
            var buffer = payload
            handshake = try HopHandshakeBytes.read(from: &buffer, what: "CREATED")
            try buffer.readZeroPadding("CREATED")
        }

        /// Writes the complete payload, `Cell.payloadSize` bytes.
        public func encode(into buffer: inout ByteBuffer) {
            let start = buffer.writerIndex
            HopHandshakeBytes.write(handshake, to: &buffer)
            buffer.writeRepeatingByte(0, count: Cell.payloadSize - (buffer.writerIndex - start))
        }
    }
}
