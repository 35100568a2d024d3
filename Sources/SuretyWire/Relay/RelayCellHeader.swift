public import NIOCore

/// The 15-byte header at the start of a relay cell's plaintext (Docs/SPEC.md §5.2):
/// recognized u16, digest [8], stream id u16, relay command u8, length u16.
///
/// Reads and writes work at an index inside any buffer, so the onion layer can check
/// `recognized`, compute the running digest with the digest field zeroed and set the digest
/// on a payload it decrypts or encrypts in place, without copying it.
public struct RelayCellHeader: Hashable, Sendable {
    public static let size = 15
    public static let recognizedOffset = 0
    public static let digestOffset = 2
    public static let streamIDOffset = 10
    public static let commandOffset = 12
    public static let lengthOffset = 13

    /// Zero in a plaintext cell for this hop.
    public var recognized: UInt16
    /// The digest field as a big-endian integer of its 8 bytes.
    public var digest: UInt64
    public var streamID: StreamID
    /// The raw relay command byte (possibly unknown, or garbage if still encrypted).
    public var rawCommand: UInt8
    /// Declared data length; only meaningful once the cell is known to be plaintext.
    public var length: UInt16

    public init(recognized: UInt16 = 0, digest: UInt64 = 0, streamID: StreamID, rawCommand: UInt8, length: UInt16) {
        self.recognized = recognized
        self.digest = digest
        self.streamID = streamID
        self.rawCommand = rawCommand
        self.length = length
    }

    /// The relay command, or `nil` if the byte is not a known command.
    public var command: RelayCommand? { RelayCommand(rawValue: rawCommand) }

    /// Reads the header of the payload starting at `index`; `nil` if fewer than 15 bytes.
    public static func read(from buffer: ByteBuffer, at index: Int) -> RelayCellHeader? {
        // One bounds check and one buffer access instead of one per field: this runs per cell.
        guard index >= buffer.readerIndex, index + size <= buffer.writerIndex else { return nil }
        return buffer.withUnsafeReadableBytes { bytes in
            let base = index - buffer.readerIndex
            return RelayCellHeader(
                recognized: UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: base, as: UInt16.self)),
                digest: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: base + digestOffset, as: UInt64.self)),
                streamID: StreamID(
                    UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: base + streamIDOffset, as: UInt16.self))),
                rawCommand: bytes[base + commandOffset],
                length: UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: base + lengthOffset, as: UInt16.self))
            )
        }
    }

    /// Overwrites the 15 header bytes of the payload starting at `index` (already written).
    public func write(to buffer: inout ByteBuffer, at index: Int) {
        buffer.setMultipleIntegers(recognized, digest, streamID.rawValue, rawCommand, length, at: index)
    }

    /// Appends the 15 header bytes with a single buffer access (this runs per cell).
    public func write(to buffer: inout ByteBuffer) {
        let header = self
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.size) { bytes in
            bytes.storeBytes(of: header.recognized.bigEndian, toByteOffset: Self.recognizedOffset, as: UInt16.self)
            bytes.storeBytes(of: header.digest.bigEndian, toByteOffset: Self.digestOffset, as: UInt64.self)
            bytes.storeBytes(of: header.streamID.rawValue.bigEndian, toByteOffset: Self.streamIDOffset, as: UInt16.self)
            bytes.storeBytes(of: header.rawCommand, toByteOffset: Self.commandOffset, as: UInt8.self)
            bytes.storeBytes(of: header.length.bigEndian, toByteOffset: Self.lengthOffset, as: UInt16.self)
            return Self.size
        }
    }

    /// True if the recognized field of the payload at `index` is zero (first test of
    /// Docs/SPEC.md §5.4; the digest decides).
    public static func isRecognizedFieldZero(in buffer: ByteBuffer, payloadAt index: Int) -> Bool {
        buffer.getInteger(at: index + recognizedOffset, as: UInt16.self) == 0
    }

    /// The digest field of the payload at `index`.
    public static func digest(in buffer: ByteBuffer, payloadAt index: Int) -> UInt64? {
        buffer.getInteger(at: index + digestOffset, as: UInt64.self)
    }

    /// Sets the digest field of the payload at `index` (0 to zero it before hashing).
    public static func setDigest(_ digest: UInt64, in buffer: inout ByteBuffer, payloadAt index: Int) {
        buffer.setInteger(digest, at: index + digestOffset)
    }
}
