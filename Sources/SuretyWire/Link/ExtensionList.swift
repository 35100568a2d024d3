public import NIOCore

/// A TLV extension list (type u8, length u8, value) to the end of its payload, strictly
/// ascending by type (Docs/SPEC.md §2.8). Used in link handshake payloads and as the hop
/// handshake payload (§4.3). Unknown types are kept so the list re-encodes exactly; readers
/// ignore them.
public struct ExtensionList: Hashable, Sendable {
    /// One extension.
    public struct Entry: Hashable, Sendable {
        public let type: ExtensionType
        /// 0–255 bytes.
        public let value: ByteBuffer

        public init(type: ExtensionType, value: ByteBuffer) throws {
            guard value.readableBytes <= Int(UInt8.max) else {
                throw WireError(.invalidArgument, "extension value longer than 255 bytes")
            }
            self.type = type
            self.value = value
        }

        fileprivate init(unchecked type: ExtensionType, value: ByteBuffer) {
            self.type = type
            self.value = value
        }
    }

    public let entries: [Entry]

    public static let empty = ExtensionList(unchecked: [])

    /// Throws `invalidArgument` unless types are strictly ascending.
    public init(_ entries: [Entry]) throws {
        guard zip(entries, entries.dropFirst()).allSatisfy({ $0.type < $1.type }) else {
            throw WireError(.invalidArgument, "extension types must be strictly ascending")
        }
        self.entries = entries
    }

    private init(unchecked entries: [Entry]) { self.entries = entries }

    /// The hop handshake payload of Docs/SPEC.md §4.3: versions, and flags if given.
    public static func hopHandshake(versions: VersionList = .v1, flags: UInt32? = nil) -> ExtensionList {
        var value = ByteBuffer()
        versions.writeExtensionValue(to: &value)
        var entries = [Entry(unchecked: .relayProtocolVersions, value: value)]
        if let flags {
            entries.append(Entry(unchecked: .flags, value: ByteBuffer(integer: flags)))
        }
        return ExtensionList(unchecked: entries)
    }

    /// Decodes a whole buffer as an extension list.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        var entries: [Entry] = []
        var previous = -1
        // Strictly ascending u8 types bound the count to 256 entries.
        while buffer.readableBytes > 0 {
            let type = try buffer.readWireInteger(UInt8.self, "extension type")
            guard Int(type) > previous else {
                throw WireError(.unorderedFields, "extension types not strictly ascending at \(type)")
            }
            previous = Int(type)
            let length = Int(try buffer.readWireInteger(UInt8.self, "extension length"))
            let value = try buffer.readWireSlice(length: length, "extension value")
            entries.append(Entry(unchecked: ExtensionType(rawValue: type), value: value))
        }
        self.entries = entries
    }

    /// Appends the encoded list.
    public func encode(into buffer: inout ByteBuffer) {
        for entry in entries {
            buffer.writeMultipleIntegers(entry.type.rawValue, UInt8(entry.value.readableBytes))
            buffer.writeImmutableBuffer(entry.value)
        }
    }

    public var encodedLength: Int { entries.reduce(0) { $0 + 2 + $1.value.readableBytes } }

    /// The value of the extension of `type`, if present.
    public subscript(type: ExtensionType) -> ByteBuffer? {
        entries.first { $0.type == type }?.value
    }

    /// The relay protocol versions extension (type 1), decoded; `nil` if absent.
    public func relayProtocolVersions() throws -> VersionList? {
        guard let value = self[.relayProtocolVersions] else { return nil }
        return try VersionList(extensionValue: value)
    }

    /// The flags extension (type 2), decoded; `nil` if absent.
    public func flags() throws -> UInt32? {
        guard var value = self[.flags] else { return nil }
        guard value.readableBytes == 4 else { throw WireError(.invalidLength, "flags extension must be 4 bytes") }
        return try value.readWireInteger(UInt32.self, "flags extension")
    }
}
