/// An IPv6 address as two big-endian 64-bit halves.
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Uncompressed text form (eight groups); good enough for logs.
    public var description: String {
        var groups: [String] = []
        for shift in stride(from: 48, through: 0, by: -16) {
            groups.append(String((high >> UInt64(shift)) & 0xFFFF, radix: 16))
        }
        for shift in stride(from: 48, through: 0, by: -16) {
            groups.append(String((low >> UInt64(shift)) & 0xFFFF, radix: 16))
        }
        return groups.joined(separator: ":")
    }
}
