/// An IPv4 address (RFC 791), held as a host-order integer so prefix matching is one mask and compare.
///
/// Dependency-free on purpose: the exit policy that uses it will move to SuretyDocuments.
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as a 32-bit integer, most significant octet first (`10.0.0.1` is `0x0A00_0001`).
    public var value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Builds an address from exactly 4 bytes in network order; `nil` for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes { value = value << 8 | UInt32(byte) }
        self.value = value
    }

    /// Parses strict dotted-quad text (`192.0.2.1`).
    ///
    /// Leading zeros (`010.0.0.1`) are refused: `inet_aton` would read them as octal, so accepting them
    /// would let the same text name two different hosts.
    public init?(_ text: some StringProtocol) {
        guard let parsed = IPv4Address.parse(Array(text.utf8)[...]) else { return nil }
        self = parsed
    }

    /// The 4 bytes in network order.
    public var bytes: [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
        ]
    }

    public var description: String {
        bytes.map { String($0) }.joined(separator: ".")
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    /// Parses dotted-quad ASCII; shared with the IPv6 parser for the embedded-IPv4 form.
    static func parse(_ text: ArraySlice<UInt8>) -> IPv4Address? {
        var value: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return nil }
                value = value << 8 | current
                octets += 1
                current = 0
                digits = 0
                leadingZero = false
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard !leadingZero, digits < 3 else { return nil }
                if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                guard current <= 255 else { return nil }
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        return IPv4Address(value << 8 | current)
    }
}
