import NIOCore

extension RelayMessage {
    /// BEGIN_DIR: empty body; opens a stream to the hop's directory service
    /// (Docs/SPEC.md §6.14).
    public struct BeginDir: Hashable, Sendable {
        public init() {}

        init(decoding body: ByteBuffer) throws {
            try body.requireFullyConsumed("BEGIN_DIR")
        }

        func encode(into buffer: inout ByteBuffer) {}
    }
}
