/// An IPv4 or IPv6 address: what a SOCKS5 client may name as a target (RFC 1928 §5, ATYP 1 and 4)
/// and what an exit judges against its policy after resolving a name.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses IPv4 dotted-quad or IPv6 text (no brackets, no zone).
    public init?(_ text: some StringProtocol) {
        guard let parsed = IPAddress.parse(Array(text.utf8)[...]) else { return nil }
        self = parsed
    }

    /// The same host with IPv4-mapped IPv6 (`::ffff:a.b.c.d`) turned into plain IPv4.
    ///
    /// A connect to `::ffff:127.0.0.1` on a dual-stack socket reaches IPv4 loopback, so policies and
    /// comparisons must see it as `127.0.0.1`, or `reject private` could be bypassed.
    public var unmapped: IPAddress {
        if case .v6(let address) = self, let mapped = address.ipv4Mapped { return .v4(mapped) }
        return self
    }

    /// The address in network byte order: 4 or 16 bytes.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let address): address.bytes
        case .v6(let address): address.bytes
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }

    static func parse(_ text: ArraySlice<UInt8>) -> IPAddress? {
        if text.contains(UInt8(ascii: ":")) {
            return IPv6Address.parse(text).map { .v6($0) }
        }
        return IPv4Address.parse(text).map { .v4($0) }
    }
}
