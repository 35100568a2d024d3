/// A relay's link address: an IPv4 or IPv6 address and a TCP port.
/// Encoded (SPEC-DOCUMENTS §D.3) as the 4 or 16 address bytes followed by the u16 port, so the
/// element length says the family.
public struct RelayAddress: Hashable, Sendable, CustomStringConvertible {
    /// Packed address: 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    public var ip: [UInt8]
    public var port: UInt16

    public init(ip: [UInt8], port: UInt16) throws {
        guard ip.count == 4 || ip.count == 16 else {
            throw DocumentError(.invalidField, "an address is 4 or 16 bytes, got \(ip.count)")
        }
        guard port != 0 else { throw DocumentError(.invalidField, "port 0 is not a link port") }
        self.ip = ip
        self.port = port
    }

    /// Parses dotted IPv4 ("127.0.0.1") with a port.
    public init(ipv4 text: String, port: UInt16) throws {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { throw DocumentError(.invalidField, "\"\(text)\" is not a dotted IPv4 address") }
        var ip: [UInt8] = []
        for part in parts {
            guard let octet = UInt8(part), String(octet) == part else {
                throw DocumentError(.invalidField, "\"\(text)\" is not a dotted IPv4 address")
            }
            ip.append(octet)
        }
        try self.init(ip: ip, port: port)
    }

    var encoded: [UInt8] { ip + [UInt8(port >> 8), UInt8(port & 0xff)] }

    init(encoded bytes: [UInt8]) throws {
        guard bytes.count == 6 || bytes.count == 18 else {
            throw DocumentError(.malformed, "a relay address is 6 or 18 bytes, got \(bytes.count)")
        }
        let port = UInt16(bytes[bytes.count - 2]) << 8 | UInt16(bytes[bytes.count - 1])
        try self.init(ip: Array(bytes.dropLast(2)), port: port)
    }

    /// Dotted IPv4 or colon-separated IPv6 (uncompressed) text of the address.
    public var hostText: String {
        if ip.count == 4 { return ip.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(ip[$0]) << 8 | UInt16(ip[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    public var description: String { ip.count == 4 ? "\(hostText):\(port)" : "[\(hostText)]:\(port)" }
}
