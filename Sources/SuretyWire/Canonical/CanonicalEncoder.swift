/// Writes a canonical record (Docs/SPEC.md §7.1): `tag u16 ‖ length u32 ‖ value` per field,
/// tags strictly ascending.
///
/// Encoding a tag out of order, nesting too deep or exceeding the document size throws
/// `invalidArgument`: those are mistakes in the calling schema, not peer input.
public struct CanonicalEncoder {
    public private(set) var bytes: [UInt8] = []
    private var lastTag: Int = -1
    private let depth: Int

    public init() { depth = 1 }

    private init(depth: Int) { self.depth = depth }

    /// Encodes a whole record and returns its bytes.
    public static func encode(_ record: some CanonicalRecord) throws -> [UInt8] {
        var encoder = CanonicalEncoder()
        try record.encode(canonical: &encoder)
        return try encoder.finish()
    }

    /// The record's bytes, after a size check.
    public func finish() throws -> [UInt8] {
        guard bytes.count <= WireLimits.maxDocumentSize else {
            throw WireError(.invalidArgument, "record of \(bytes.count) bytes exceeds the document limit")
        }
        return bytes
    }

    public mutating func encode(_ value: some CanonicalValue, tag: UInt16) throws {
        var valueBytes: [UInt8] = []
        value.appendCanonicalValue(to: &valueBytes)
        try appendField(tag: tag, value: valueBytes)
    }

    /// Encodes `value` if present; an absent optional field is omitted (Docs/SPEC.md §7.1).
    public mutating func encodeIfPresent(_ value: (some CanonicalValue)?, tag: UInt16) throws {
        if let value { try encode(value, tag: tag) }
    }

    /// Encodes a nested record written by `body`.
    public mutating func encodeRecord(tag: UInt16, _ body: (inout CanonicalEncoder) throws -> Void) throws {
        guard depth < WireLimits.maxRecordDepth else {
            throw WireError(.invalidArgument, "records nested deeper than \(WireLimits.maxRecordDepth)")
        }
        var nested = CanonicalEncoder(depth: depth + 1)
        try body(&nested)
        try appendField(tag: tag, value: nested.bytes)
    }

    /// Encodes a nested record.
    public mutating func encode(record: some CanonicalRecord, tag: UInt16) throws {
        try encodeRecord(tag: tag) { try record.encode(canonical: &$0) }
    }

    /// Encodes a list: each element as `u32 length ‖ value`. With `sorted`, the elements'
    /// encodings must be strictly ascending bytewise (the caller sorts; Docs/SPEC.md §7.2).
    public mutating func encodeList<V: CanonicalValue>(_ values: [V], tag: UInt16, sorted: Bool = false) throws {
        try encodeListElements(
            values.map { value in
                var element: [UInt8] = []
                value.appendCanonicalValue(to: &element)
                return element
            }, tag: tag, sorted: sorted)
    }

    /// Encodes an optional list: omitted when empty (Docs/SPEC.md §7.2).
    public mutating func encodeListIfNotEmpty<V: CanonicalValue>(_ values: [V], tag: UInt16, sorted: Bool = false)
        throws
    {
        if !values.isEmpty { try encodeList(values, tag: tag, sorted: sorted) }
    }

    /// Encodes a list of nested records.
    public mutating func encodeList<R: CanonicalRecord>(records: [R], tag: UInt16, sorted: Bool = false) throws {
        guard depth < WireLimits.maxRecordDepth else {
            throw WireError(.invalidArgument, "records nested deeper than \(WireLimits.maxRecordDepth)")
        }
        try encodeListElements(
            records.map { record in
                var nested = CanonicalEncoder(depth: depth + 1)
                try record.encode(canonical: &nested)
                return nested.bytes
            }, tag: tag, sorted: sorted)
    }

    /// Appends a field whose value bytes the caller already has (e.g. an embedded record).
    public mutating func encodeRaw(_ value: some Collection<UInt8>, tag: UInt16) throws {
        try appendField(tag: tag, value: value)
    }

    private mutating func encodeListElements(_ elements: [[UInt8]], tag: UInt16, sorted: Bool) throws {
        if sorted, !zip(elements, elements.dropFirst()).allSatisfy({ $0.lexicographicallyPrecedes($1) }) {
            throw WireError(.invalidArgument, "sorted list field \(tag) is not strictly ascending")
        }
        var value: [UInt8] = []
        for element in elements {
            UInt32(element.count).appendCanonicalValue(to: &value)
            value.append(contentsOf: element)
        }
        try appendField(tag: tag, value: value)
    }

    private mutating func appendField(tag: UInt16, value: some Collection<UInt8>) throws {
        guard Int(tag) > lastTag else {
            throw WireError(.invalidArgument, "tag \(tag) encoded after tag \(lastTag); tags must ascend")
        }
        guard value.count <= WireLimits.maxDocumentSize else {
            throw WireError(.invalidArgument, "field \(tag) exceeds the document limit")
        }
        lastTag = Int(tag)
        tag.appendCanonicalValue(to: &bytes)
        UInt32(value.count).appendCanonicalValue(to: &bytes)
        bytes.append(contentsOf: value)
    }
}
