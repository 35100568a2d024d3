public import NIOCore

extension CellMessage {
    /// CREATE: handshake type u16, length u16, handshake, zero padding (Docs/SPEC.md §3.5).
    public struct Create: Hashable, Sendable {
        public let handshakeType: HandshakeType
        /// Hop handshake msg1, 1–768 bytes.
        public let handshake: ByteBuffer

        public init(handshakeType: HandshakeType, handshake: ByteBuffer) throws {
            try HopHandshakeBytes.validate(handshake, code: .invalidArgument)
            self.handshakeType = handshakeType
            self.handshake = handshake
        }

        /// Decodes a complete CREATE payload (including its padding).
        public init(decoding payload: ByteBuffer) throws {
            var buffer = payload
            handshakeType = HandshakeType(rawValue: try buffer.readWireInteger(UInt16.self, "CREATE handshake type"))
            handshake = try HopHandshakeBytes.read(from: &buffer, what: "CREATE")
            try buffer.readZeroPadding("CREATE")
        }

        /// Writes the complete payload, `Cell.payloadSize` bytes.
        public func encode(into buffer: inout ByteBuffer) {
            let start = buffer.writerIndex
            buffer.writeInteger(handshakeType.rawValue)
            HopHandshakeBytes.write(handshake, to: &buffer)
            buffer.writeRepeatingByte(0, count: Cell.payloadSize - (buffer.writerIndex - start))
        }
    }
}

/// A length-prefixed hop handshake message (u16 length, 1–768 bytes), shared by CREATE,
/// CREATED, EXTEND and EXTENDED (Docs/SPEC.md §3.5, §3.6, §6.9, §6.10).
enum HopHandshakeBytes {
    static func validate(_ handshake: ByteBuffer, code: WireError.Code) throws {
        let count = handshake.readableBytes
        guard count >= 1 else { throw WireError(code, "empty hop handshake") }
        guard count <= WireLimits.maxHopHandshake else {
            throw WireError(code == .invalidArgument ? code : .tooLong, "hop handshake of \(count) bytes exceeds 768")
        }
    }

    static func read(from buffer: inout ByteBuffer, what: StaticString) throws -> ByteBuffer {
        let length = Int(try buffer.readWireInteger(UInt16.self, what))
        guard length >= 1 else { throw WireError(.invalidLength, "\(what): empty hop handshake") }
        guard length <= WireLimits.maxHopHandshake else {
            throw WireError(.tooLong, "\(what): hop handshake of \(length) bytes exceeds 768")
        }
        return try buffer.readWireSlice(length: length, what)
    }

    static func write(_ handshake: ByteBuffer, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(handshake.readableBytes))
        buffer.writeImmutableBuffer(handshake)
    }
}
