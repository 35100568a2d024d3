import NIOCore

extension RelayMessage {
    /// RESOLVE: a hostname, 1–255 bytes, no terminator (Docs/SPEC.md §6.12).
    public struct Resolve: Hashable, Sendable {
        public let hostname: Hostname

        public init(hostname: Hostname) { self.hostname = hostname }

        init(decoding body: ByteBuffer) throws {
            hostname = try Hostname(validating: body)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeString(hostname.value)
        }
    }
}
