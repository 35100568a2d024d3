import NIOCore

extension RelayMessage {
    /// CONNECTED: empty, or the address the exit connected to and a TTL (Docs/SPEC.md §6.4).
    public struct Connected: Hashable, Sendable {
        /// `nil` for the empty form.
        public let address: AddressTTL?

        /// The empty form (used for BEGIN_DIR).
        public static let empty = Connected(unchecked: nil)

        public init(address: AddressTTL) throws {
            guard address.address.isIP else {
                throw WireError(.invalidArgument, "CONNECTED carries an IPv4 or IPv6 address")
            }
            self.address = address
        }

        private init(unchecked address: AddressTTL?) { self.address = address }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            address = buffer.readableBytes == 0 ? nil : try AddressTTL.read(from: &buffer, allowed: .ipOnly)
            try buffer.requireFullyConsumed("CONNECTED")
        }

        func encode(into buffer: inout ByteBuffer) {
            address?.write(to: &buffer)
        }
    }
}
