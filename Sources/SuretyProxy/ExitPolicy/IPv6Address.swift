/// An IPv6 address (RFC 4291), held as two 64-bit halves so prefix matching needs no byte loops.
public struct IPv6Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Bits 0–63 (the first 8 bytes in network order).
    public var high: UInt64
    /// Bits 64–127.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Builds an address from exactly 16 bytes in network order; `nil` for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        self.high = high
        self.low = low
    }

    /// Builds `::ffff:a.b.c.d`, the IPv4-mapped form (RFC 4291 §2.5.5.2).
    public init(ipv4Mapped address: IPv4Address) {
        self.high = 0
        self.low = 0xFFFF_0000_0000 | UInt64(address.value)
    }

    /// Parses RFC 4291 §2.2 text: hex groups, at most one `::`, optionally a dotted-quad tail.
    /// Zone identifiers (`%eth0`) and brackets are not part of an address and are refused.
    public init?(_ text: some StringProtocol) {
        guard let parsed = IPv6Address.parse(Array(text.utf8)[...]) else { return nil }
        self = parsed
    }

    public static let loopback = IPv6Address(high: 0, low: 1)
    public static let unspecified = IPv6Address(high: 0, low: 0)

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: high >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: low >> shift)) }
        return result
    }

    /// The embedded IPv4 address if this is `::ffff:a.b.c.d`. A socket connect to such an address
    /// reaches the IPv4 host, so the exit policy judges it as that IPv4 address.
    public var ipv4Mapped: IPv4Address? {
        guard high == 0, low >> 32 == 0xFFFF else { return nil }
        return IPv4Address(UInt32(truncatingIfNeeded: low))
    }

    /// The eight 16-bit groups.
    var groups: [UInt16] {
        var result: [UInt16] = []
        for shift in stride(from: 48, through: 0, by: -16) { result.append(UInt16(truncatingIfNeeded: high >> shift)) }
        for shift in stride(from: 48, through: 0, by: -16) { result.append(UInt16(truncatingIfNeeded: low >> shift)) }
        return result
    }

    /// RFC 5952 text: lowercase, no leading zeros, the longest run (first on a tie) of two or more zero
    /// groups shortened to `::`, and IPv4-mapped addresses as `::ffff:a.b.c.d` (§5).
    public var description: String {
        if let mapped = ipv4Mapped { return "::ffff:\(mapped)" }
        let groups = self.groups
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        if bestLength < 2 {
            return groups.map { String($0, radix: 16) }.joined(separator: ":")
        }
        let head = groups[..<bestStart].map { String($0, radix: 16) }.joined(separator: ":")
        let tail = groups[(bestStart + bestLength)...].map { String($0, radix: 16) }.joined(separator: ":")
        return head + "::" + tail
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    static func parse(_ text: ArraySlice<UInt8>) -> IPv6Address? {
        guard !text.isEmpty, text.count <= 64 else { return nil }
        let colon = UInt8(ascii: ":")
        // Locate "::" (at most one).
        var doubleColon: Int?
        var index = text.startIndex
        while index < text.endIndex - 1 {
            if text[index] == colon && text[index + 1] == colon {
                guard doubleColon == nil else { return nil }
                doubleColon = index
                index += 2
            } else {
                index += 1
            }
        }
        var groups: [UInt16]
        if let split = doubleColon {
            guard let head = parseGroups(text[text.startIndex..<split], allowIPv4Tail: false),
                let tail = parseGroups(text[(split + 2)...], allowIPv4Tail: true),
                head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = parseGroups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for group in groups[0..<4] { high = high << 16 | UInt64(group) }
        for group in groups[4..<8] { low = low << 16 | UInt64(group) }
        return IPv6Address(high: high, low: low)
    }

    /// Parses colon-separated hex groups; an empty slice is zero groups, an empty group is an error.
    private static func parseGroups(_ text: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (position, part) in parts.enumerated() {
            if part.contains(UInt8(ascii: ".")) {
                guard allowIPv4Tail, position == parts.count - 1, let v4 = IPv4Address.parse(part) else { return nil }
                groups.append(UInt16(truncatingIfNeeded: v4.value >> 16))
                groups.append(UInt16(truncatingIfNeeded: v4.value))
            } else {
                guard (1...4).contains(part.count) else { return nil }
                var value: UInt16 = 0
                for byte in part {
                    guard let digit = hexValue(byte) else { return nil }
                    value = value << 4 | UInt16(digit)
                }
                groups.append(value)
            }
            guard groups.count <= 8 else { return nil }
        }
        return groups
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
