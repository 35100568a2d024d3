/// A CIDR block (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6): an address with the host bits
/// cleared and a prefix length.
public struct IPAddressPrefix: Hashable, Sendable, CustomStringConvertible {
    /// The network address, host bits already zero.
    public let address: IPAddress
    /// Number of leading bits that must match: 0...32 for IPv4, 0...128 for IPv6.
    public let length: Int

    /// Creates a prefix, clearing any host bits (`10.1.2.3/8` becomes `10.0.0.0/8`, as Tor does).
    /// Returns `nil` when `length` is outside the family's range.
    public init?(_ address: IPAddress, length: Int) {
        switch address {
        case .v4(let v4):
            guard (0...32).contains(length) else { return nil }
            self.address = .v4(IPv4Address(v4.value & IPAddressPrefix.mask32(length)))
        case .v6(let v6):
            guard (0...128).contains(length) else { return nil }
            let (high, low) = IPAddressPrefix.mask128(length)
            self.address = .v6(IPv6Address(high: v6.high & high, low: v6.low & low))
        }
        self.length = length
    }

    /// A single host: `/32` or `/128`.
    public init(host address: IPAddress) {
        switch address {
        case .v4: self.init(unchecked: address, length: 32)
        case .v6: self.init(unchecked: address, length: 128)
        }
    }

    private init(unchecked address: IPAddress, length: Int) {
        self.address = address
        self.length = length
    }

    /// Whether `candidate` lies in this block. Families never match each other; callers that want
    /// IPv4-mapped IPv6 judged as IPv4 pass `candidate.unmapped`.
    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4(let network), .v4(let host)):
            return host.value & IPAddressPrefix.mask32(length) == network.value
        case (.v6(let network), .v6(let host)):
            let (high, low) = IPAddressPrefix.mask128(length)
            return host.high & high == network.high && host.low & low == network.low
        default:
            return false
        }
    }

    /// `a.b.c.d/n` or `x::y/n`; the length is always written.
    public var description: String { "\(address)/\(length)" }

    static func mask32(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    static func mask128(_ length: Int) -> (UInt64, UInt64) {
        if length <= 64 {
            return (length == 0 ? 0 : UInt64.max << UInt64(64 - length), 0)
        }
        return (UInt64.max, UInt64.max << UInt64(128 - length))
    }
}
