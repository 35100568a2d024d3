/// A canonical record read without a schema: its fields in order (Docs/SPEC.md §7.1).
///
/// Checks only structure (ascending tags, in-bounds lengths, size limit), so it accepts any
/// well-formed record and re-encodes it byte for byte. For tools, logs and fuzzing; documents
/// are read with their schema through `CanonicalDecoder`.
public struct CanonicalFieldList: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public let tag: UInt16
        public let value: [UInt8]

        public init(tag: UInt16, value: [UInt8]) {
            self.tag = tag
            self.value = value
        }

        /// Even tags are critical (Docs/SPEC.md §7.3).
        public var isCritical: Bool { tag % 2 == 0 }
    }

    public let fields: [Field]

    /// Throws `invalidArgument` unless tags are strictly ascending.
    public init(_ fields: [Field]) throws {
        guard zip(fields, fields.dropFirst()).allSatisfy({ $0.tag < $1.tag }) else {
            throw WireError(.invalidArgument, "field tags must be strictly ascending")
        }
        self.fields = fields
    }

    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count <= WireLimits.maxDocumentSize else {
            throw WireError(.tooLong, "record of \(bytes.count) bytes exceeds the document limit")
        }
        var fields: [Field] = []
        var index = 0
        var lastTag = -1
        while index < bytes.count {
            guard bytes.count - index >= 6 else { throw WireError(.truncated, "field header") }
            let tag = try UInt16(canonicalValue: bytes[index..<index + 2])
            let length = Int(try UInt32(canonicalValue: bytes[index + 2..<index + 6]))
            index += 6
            guard length <= bytes.count - index else {
                throw WireError(.invalidLength, "field \(tag) of \(length) bytes runs past the record")
            }
            guard Int(tag) > lastTag else { throw WireError(.unorderedFields, "tag \(tag) follows tag \(lastTag)") }
            lastTag = Int(tag)
            fields.append(Field(tag: tag, value: Array(bytes[index..<index + length])))
            index += length
        }
        self.fields = fields
    }

    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for field in fields {
            field.tag.appendCanonicalValue(to: &out)
            UInt32(field.value.count).appendCanonicalValue(to: &out)
            out.append(contentsOf: field.value)
        }
        return out
    }
}
