import NIOCore

extension RelayMessage {
    /// TRUNCATE: empty body (Docs/SPEC.md §6.11).
    public struct Truncate: Hashable, Sendable {
        public init() {}

        init(decoding body: ByteBuffer) throws {
            try body.requireFullyConsumed("TRUNCATE")
        }

        func encode(into buffer: inout ByteBuffer) {}
    }
}
