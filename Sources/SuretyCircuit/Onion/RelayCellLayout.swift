/// In-place access to the relay header inside a 1019-byte relay payload (Docs/SPEC.md §5.2):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 2 | recognized (0 when the cell is for the hop that recognizes it) |
/// | 2 | 8 | digest tag |
/// | 10 | 2 | stream id |
/// | 12 | 1 | relay command |
/// | 13 | 2 | data length (≤ 1004) |
/// | 15 | … | data, then zero padding |
///
/// These accessors read and write the payload where it lies (in the cell's buffer), so the onion
/// layer never copies a cell. Callers guarantee `payload.count == payloadLength`.
public enum RelayCellLayout {
    public static let payloadLength = 1019
    public static let headerLength = 15
    public static let maxDataLength = payloadLength - headerLength
    static let digestOffset = 2
    static let streamOffset = 10
    static let commandOffset = 12
    static let lengthOffset = 13

    static func recognizedIsZero(_ p: UnsafeMutableRawBufferPointer) -> Bool {
        p[0] | p[1] == 0
    }

    static func readDigest(_ p: UnsafeMutableRawBufferPointer) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(p[digestOffset + i]) }
        return value
    }

    static func writeDigest(_ tag: UInt64, into p: UnsafeMutableRawBufferPointer) {
        for i in 0..<8 { p[digestOffset + i] = UInt8(truncatingIfNeeded: tag >> (56 - 8 * UInt64(i))) }
    }

    static func clearDigest(_ p: UnsafeMutableRawBufferPointer) {
        for i in 0..<8 { p[digestOffset + i] = 0 }
    }

    /// The stream id of a recognized payload.
    public static func streamID(_ p: UnsafeRawBufferPointer) -> UInt16 {
        UInt16(p[streamOffset]) << 8 | UInt16(p[streamOffset + 1])
    }

    /// The relay command byte of a recognized payload.
    public static func command(_ p: UnsafeRawBufferPointer) -> UInt8 { p[commandOffset] }

    /// The declared data range, validated against `maxDataLength`; the padding after the data must
    /// be zero (Docs/SPEC.md §1.2, §5.5), so every accepted cell has one encoding.
    public static func dataRange(_ p: UnsafeRawBufferPointer) throws(CircuitError) -> Range<Int> {
        let length = Int(p[lengthOffset]) << 8 | Int(p[lengthOffset + 1])
        guard length <= maxDataLength else {
            throw CircuitError(.protocolViolation, "relay data length \(length) exceeds \(maxDataLength)")
        }
        var nonZero: UInt8 = 0
        for index in (headerLength + length)..<p.count { nonZero |= p[index] }
        guard nonZero == 0 else { throw CircuitError(.protocolViolation, "relay cell padding is not zero") }
        return headerLength..<(headerLength + length)
    }

    /// Writes a plaintext relay header and data; zero-fills the rest. Digest and recognized are zero.
    static func writePlaintext(
        into p: UnsafeMutableRawBufferPointer, command: UInt8, streamID: UInt16, data: UnsafeRawBufferPointer
    ) {
        precondition(data.count <= maxDataLength, "caller splits data into cells")
        p.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0, count: p.count)
        p[streamOffset] = UInt8(streamID >> 8)
        p[streamOffset + 1] = UInt8(streamID & 0xff)
        p[commandOffset] = command
        p[lengthOffset] = UInt8(data.count >> 8)
        p[lengthOffset + 1] = UInt8(data.count & 0xff)
        if let base = data.baseAddress, data.count > 0 {
            (p.baseAddress! + headerLength).copyMemory(from: base, byteCount: data.count)
        }
    }
}
