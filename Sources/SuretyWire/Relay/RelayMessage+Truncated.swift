import NIOCore

extension RelayMessage {
    /// TRUNCATED: a DESTROY reason u8 (Docs/SPEC.md §6.11).
    public struct Truncated: Hashable, Sendable {
        public let reason: DestroyReason

        public init(reason: DestroyReason) { self.reason = reason }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            reason = DestroyReason(rawValue: try buffer.readWireInteger(UInt8.self, "TRUNCATED reason"))
            try buffer.requireFullyConsumed("TRUNCATED")
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(reason.rawValue)
        }
    }
}
