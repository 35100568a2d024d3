public import NIOCore

extension CellMessage {
    /// DESTROY: reason u8, zero padding (Docs/SPEC.md §3.7).
    public struct Destroy: Hashable, Sendable {
        /// Unknown values are kept and treated like `none`.
        public let reason: DestroyReason

        public init(reason: DestroyReason) { self.reason = reason }

        /// Decodes a complete DESTROY payload (including its padding).
        public init(decoding payload: ByteBuffer) throws {
            var buffer = payload
            reason = DestroyReason(rawValue: try buffer.readWireInteger(UInt8.self, "DESTROY reason"))
            try buffer.readZeroPadding("DESTROY")
        }

        /// Writes the complete payload, `Cell.payloadSize` bytes.
        public func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(reason.rawValue)
            buffer.writeRepeatingByte(0, count: Cell.payloadSize - 1)
        }
    }
}
