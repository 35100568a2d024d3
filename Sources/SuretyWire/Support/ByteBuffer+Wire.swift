import NIOCore

/// Bounded readers used by every decoder: each either returns exactly what it promises or
/// throws `WireError`, and none allocates on the basis of a length read from the wire
/// (slices share the buffer's storage). Docs/SPEC.md §1.8.
extension ByteBuffer {
    mutating func readWireInteger<T: FixedWidthInteger>(_: T.Type = T.self, _ what: StaticString) throws -> T {
        guard let value = readInteger(as: T.self) else {
            throw WireError(.truncated, "\(what): need \(MemoryLayout<T>.size) bytes, have \(readableBytes)")
        }
        return value
    }

    mutating func readWireSlice(length: Int, _ what: StaticString) throws -> ByteBuffer {
        guard length >= 0, let slice = readSlice(length: length) else {
            throw WireError(.truncated, "\(what): need \(length) bytes, have \(readableBytes)")
        }
        return slice
    }

    mutating func readBytes32(_ what: StaticString) throws -> Bytes32 {
        guard let value = Bytes32(reading: &self) else {
            throw WireError(.truncated, "\(what): need 32 bytes, have \(readableBytes)")
        }
        return value
    }

    mutating func readBytes64(_ what: StaticString) throws -> Bytes64 {
        guard let value = Bytes64(reading: &self) else {
            throw WireError(.truncated, "\(what): need 64 bytes, have \(readableBytes)")
        }
        return value
    }

    /// Throws `trailingBytes` unless every byte was consumed.
    func requireFullyConsumed(_ what: StaticString) throws {
        if readableBytes != 0 {
            throw WireError(.trailingBytes, "\(what): \(readableBytes) unexpected trailing bytes")
        }
    }

    /// True when every readable byte is zero. Used for the zero-padding rule of Docs/SPEC.md §1.2.
    var readableBytesAreZero: Bool {
        withUnsafeReadableBytes { raw in
            var acc: UInt8 = 0
            for byte in raw { acc |= byte }
            return acc == 0
        }
    }

    /// Consumes the rest of the buffer, which must be zero padding.
    mutating func readZeroPadding(_ what: StaticString) throws {
        guard readableBytesAreZero else {
            throw WireError(.nonZeroPadding, "\(what): padding is not zero")
        }
        moveReaderIndex(forwardBy: readableBytes)
    }
}
