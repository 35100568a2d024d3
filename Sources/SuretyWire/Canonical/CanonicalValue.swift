/// A value type of Docs/SPEC.md §7.2 that a canonical record field can hold.
///
/// A conformance appends the value's bytes (no tag, no length) and decodes from exactly those
/// bytes, rejecting every non-canonical form.
public protocol CanonicalValue {
    /// Appends the value bytes.
    func appendCanonicalValue(to bytes: inout [UInt8])
    /// Decodes from exactly the value bytes of one field or list element.
    init(canonicalValue bytes: ArraySlice<UInt8>) throws
}

extension CanonicalValue where Self: FixedWidthInteger & UnsignedInteger {
    public func appendCanonicalValue(to bytes: inout [UInt8]) {
        for shift in stride(from: Self.bitWidth - 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: self >> shift))
        }
    }

    public init(canonicalValue bytes: ArraySlice<UInt8>) throws {
        guard bytes.count == Self.bitWidth / 8 else {
            throw WireError(
                .invalidLength, "u\(Self.bitWidth) field needs \(Self.bitWidth / 8) bytes, got \(bytes.count)")
        }
        self = bytes.reduce(0) { $0 << 8 | Self($1) }
    }
}

extension UInt8: CanonicalValue {}
extension UInt16: CanonicalValue {}
extension UInt32: CanonicalValue {}
extension UInt64: CanonicalValue {}

extension Bool: CanonicalValue {
    public func appendCanonicalValue(to bytes: inout [UInt8]) {
        bytes.append(self ? 1 : 0)
    }

    public init(canonicalValue bytes: ArraySlice<UInt8>) throws {
        guard bytes.count == 1, let byte = bytes.first, byte <= 1 else {
            throw WireError(.invalidField, "bool field must be one byte 0x00 or 0x01")
        }
        self = byte == 1
    }
}

extension String: CanonicalValue {
    public func appendCanonicalValue(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: utf8)
    }

    /// Valid UTF-8 without U+0000 (Docs/SPEC.md §7.2).
    public init(canonicalValue bytes: ArraySlice<UInt8>) throws {
        let string = String(decoding: bytes, as: UTF8.self)
        // Decoding replaces invalid sequences with U+FFFD, so a round trip detects them.
        guard string.utf8.elementsEqual(bytes) else { throw WireError(.invalidField, "string is not valid UTF-8") }
        guard !bytes.contains(0) else { throw WireError(.invalidField, "string contains U+0000") }
        self = string
    }
}

extension Array: CanonicalValue where Element == UInt8 {
    public func appendCanonicalValue(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: self)
    }

    public init(canonicalValue bytes: ArraySlice<UInt8>) throws {
        self = Array(bytes)
    }
}

extension Bytes32: CanonicalValue {
    public func appendCanonicalValue(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: self.bytes)
    }

    public init(canonicalValue bytes: ArraySlice<UInt8>) throws {
        guard bytes.count == Bytes32.count else {
            throw WireError(.invalidLength, "32-byte field has \(bytes.count) bytes")
        }
        try self.init(bytes)
    }
}

extension Bytes64: CanonicalValue {
    public func appendCanonicalValue(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: self.bytes)
    }

    public init(canonicalValue bytes: ArraySlice<UInt8>) throws {
        guard bytes.count == Bytes64.count else {
            throw WireError(.invalidLength, "64-byte field has \(bytes.count) bytes")
        }
        try self.init(bytes)
    }
}
