public import NIOCore

/// Exactly 32 bytes (a public key, a hash, a member id), held inline without a heap
/// allocation. The wire form is the 32 bytes in order.
public struct Bytes32: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let count = 32

    // Big-endian words, so word order is byte order and `<` is bytewise comparison.
    var w0: UInt64
    var w1: UInt64
    var w2: UInt64
    var w3: UInt64

    /// Copies exactly 32 bytes; throws `invalidArgument` for any other length.
    public init(_ bytes: some Collection<UInt8>) throws {
        guard bytes.count == Self.count else {
            throw WireError(.invalidArgument, "Bytes32 needs 32 bytes, got \(bytes.count)")
        }
        var buffer = ByteBuffer(bytes: bytes)
        guard let value = Bytes32(reading: &buffer) else {
            throw WireError(.invalidArgument, "Bytes32 needs 32 bytes")
        }
        self = value
    }

    /// 32 copies of `byte`.
    public init(repeating byte: UInt8) {
        let word = UInt64(byte) * 0x0101_0101_0101_0101
        w0 = word
        w1 = word
        w2 = word
        w3 = word
    }

    init?(reading buffer: inout ByteBuffer) {
        guard let a = buffer.getInteger(at: buffer.readerIndex, as: UInt64.self),
            let b = buffer.getInteger(at: buffer.readerIndex + 8, as: UInt64.self),
            let c = buffer.getInteger(at: buffer.readerIndex + 16, as: UInt64.self),
            let d = buffer.getInteger(at: buffer.readerIndex + 24, as: UInt64.self)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: 32)
        (w0, w1, w2, w3) = (a, b, c, d)
    }

    /// Appends the 32 bytes to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(w0, w1, w2, w3)
    }

    /// The bytes as an array.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.count)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return out
    }

    public static func < (lhs: Bytes32, rhs: Bytes32) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }

    /// Lowercase hex; these are public values (keys, ids), never secrets.
    public var description: String { hexString(bytes) }
}

/// Lowercase hex of public bytes.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return out
}
