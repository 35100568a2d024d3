import NIOCore

extension RelayMessage {
    /// END: reason u8, and with EXITPOLICY optionally the refused address and a TTL
    /// (Docs/SPEC.md §6.6).
    public struct End: Hashable, Sendable {
        public let reason: EndReason
        /// Only with `.exitPolicy`: the address the exit refused.
        public let exitPolicyAddress: AddressTTL?

        public init(reason: EndReason, exitPolicyAddress: AddressTTL? = nil) throws {
            if let answer = exitPolicyAddress {
                guard reason == .exitPolicy, answer.address.isIP else {
                    throw WireError(.invalidArgument, "END carries an IP address only with EXITPOLICY")
                }
            }
            self.reason = reason
            self.exitPolicyAddress = exitPolicyAddress
        }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            reason = EndReason(rawValue: try buffer.readWireInteger(UInt8.self, "END reason"))
            if buffer.readableBytes > 0 {
                guard reason == .exitPolicy else {
                    throw WireError(.trailingBytes, "END carries an address only with EXITPOLICY")
                }
                exitPolicyAddress = try AddressTTL.read(from: &buffer, allowed: .ipOnly)
            } else {
                exitPolicyAddress = nil
            }
            try buffer.requireFullyConsumed("END")
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(reason.rawValue)
            exitPolicyAddress?.write(to: &buffer)
        }
    }
}
