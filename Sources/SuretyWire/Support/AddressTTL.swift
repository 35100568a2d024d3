import NIOCore

/// An address (Docs/SPEC.md §1.5) followed by a u32 TTL in seconds, as in CONNECTED, END and
/// RESOLVED answers.
public struct AddressTTL: Hashable, Sendable {
    public let address: NetAddress
    public let ttl: UInt32

    public init(address: NetAddress, ttl: UInt32) {
        self.address = address
        self.ttl = ttl
    }

    static func read(from buffer: inout ByteBuffer, allowed: NetAddress.Allowed) throws -> AddressTTL {
        let address = try NetAddress.read(from: &buffer, allowed: allowed)
        let ttl = try buffer.readWireInteger(UInt32.self, "TTL")
        return AddressTTL(address: address, ttl: ttl)
    }

    func write(to buffer: inout ByteBuffer) {
        address.write(to: &buffer)
        buffer.writeInteger(ttl)
    }

    var encodedLength: Int { address.encodedLength + 4 }
}
