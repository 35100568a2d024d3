public import NIOCore

extension CellMessage {
    /// NETINFO: timestamp, the peer's address as seen, the sender's own addresses
    /// (Docs/SPEC.md §3.9).
    public struct NetInfo: Hashable, Sendable {
        /// Sender's clock, seconds since the Unix epoch; for skew warnings only.
        public let timestamp: UInt64
        /// The peer's address as the sender sees it (IPv4 or IPv6).
        public let otherAddress: NetAddress
        /// The sender's public addresses, 0–8, IPv4 or IPv6.
        public let myAddresses: [NetAddress]

        public init(timestamp: UInt64, otherAddress: NetAddress, myAddresses: [NetAddress]) throws {
            guard otherAddress.isIP, myAddresses.allSatisfy(\.isIP) else {
                throw WireError(.invalidArgument, "NETINFO addresses must be IPv4 or IPv6")
            }
            guard myAddresses.count <= WireLimits.maxNetInfoAddresses else {
                throw WireError(.invalidArgument, "NETINFO lists at most 8 addresses")
            }
            self.timestamp = timestamp
            self.otherAddress = otherAddress
            self.myAddresses = myAddresses
        }

        /// Decodes a complete NETINFO payload (including its padding).
        public init(decoding payload: ByteBuffer) throws {
            var buffer = payload
            timestamp = try buffer.readWireInteger(UInt64.self, "NETINFO timestamp")
            otherAddress = try NetAddress.read(from: &buffer, allowed: .ipOnly)
            let count = Int(try buffer.readWireInteger(UInt8.self, "NETINFO address count"))
            guard count <= WireLimits.maxNetInfoAddresses else {
                throw WireError(.tooLong, "NETINFO lists \(count) addresses, at most 8 allowed")
            }
            var addresses: [NetAddress] = []
            addresses.reserveCapacity(count)
            for _ in 0..<count {
                addresses.append(try NetAddress.read(from: &buffer, allowed: .ipOnly))
            }
            myAddresses = addresses
            try buffer.readZeroPadding("NETINFO")
        }

        /// Writes the complete payload, `Cell.payloadSize` bytes.
        public func encode(into buffer: inout ByteBuffer) {
            let start = buffer.writerIndex
            buffer.writeInteger(timestamp)
            otherAddress.write(to: &buffer)
            buffer.writeInteger(UInt8(myAddresses.count))
            for address in myAddresses { address.write(to: &buffer) }
            buffer.writeRepeatingByte(0, count: Cell.payloadSize - (buffer.writerIndex - start))
        }
    }
}
