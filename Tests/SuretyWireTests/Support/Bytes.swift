import NIOCore

extension ByteBuffer {
    /// The readable bytes as an array (test convenience).
    var array: [UInt8] { Array(readableBytesView) }
}

/// A buffer from a hex string (spaces ignored), for byte-exact layout checks.
func hexBuffer(_ hex: String) -> ByteBuffer {
    let digits = hex.filter { !$0.isWhitespace }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return ByteBuffer(bytes: bytes)
}

/// `count` zero bytes.
func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }
