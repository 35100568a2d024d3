public import NIOCore

/// A link specifier of a type this version does not define (type ≥ 5, Docs/SPEC.md §6.9,
/// §10.3). Kept so a relay can ignore it and a decoded EXTEND still re-encodes exactly.
public struct UnknownLinkSpecifier: Hashable, Sendable {
    /// First type reserved for extensions.
    public static let firstReservedType: UInt8 = 5

    public let type: UInt8
    /// 0–255 bytes.
    public let value: ByteBuffer

    public init(type: UInt8, value: ByteBuffer) throws {
        guard type >= Self.firstReservedType else {
            throw WireError(.invalidArgument, "link specifier type \(type) is defined; use the typed field")
        }
        guard value.readableBytes <= Int(UInt8.max) else {
            throw WireError(.invalidArgument, "link specifier value longer than 255 bytes")
        }
        self.type = type
        self.value = value
    }

    init(unchecked type: UInt8, value: ByteBuffer) {
        self.type = type
        self.value = value
    }
}
