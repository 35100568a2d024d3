/// Reads a canonical record strictly (Docs/SPEC.md §7.4).
///
/// A schema asks for its tags in ascending order. Fields the schema skips over are unknown:
/// odd (non-critical) ones are ignored, even (critical) ones throw `unknownCriticalField`
/// (§7.3). Lengths are checked against the bytes present before use and nothing is allocated
/// from a length; values are slices of the input.
public struct CanonicalDecoder {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    private let depth: Int
    /// Tag of the last field read from the input, for the strict-ascending check.
    private var lastFieldTag: Int = -1
    /// Tag of the last field the schema asked for, to catch schema bugs.
    private var lastRequestedTag: Int = -1
    /// A field read from the input but not yet consumed by the schema.
    private var pending: (tag: UInt16, value: Range<Int>)?
    /// Unknown non-critical fields skipped so far, including in nested records. When it is 0
    /// after `finish()`, re-encoding the decoded value reproduces the input exactly.
    public private(set) var skippedUnknownFields = 0

    /// A decoder over a whole top-level record; throws `tooLong` above the document limit.
    public init(_ bytes: [UInt8]) throws {
        guard bytes.count <= WireLimits.maxDocumentSize else {
            throw WireError(.tooLong, "record of \(bytes.count) bytes exceeds the document limit")
        }
        self.init(bytes: bytes, range: 0..<bytes.count, depth: 1)
    }

    private init(bytes: [UInt8], range: Range<Int>, depth: Int) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
    }

    /// Decodes a whole record of type `R` from `bytes`, requiring every field to be consumed.
    public static func decode<R: CanonicalRecord>(_ type: R.Type, from bytes: [UInt8]) throws -> R {
        var decoder = try CanonicalDecoder(bytes)
        let record = try R(canonical: &decoder)
        try decoder.finish()
        return record
    }

    /// Checks the rest of the record: unknown odd fields are skipped, unknown even ones
    /// rejected. Called by `decode(_:from:)` and by nested-record helpers.
    public mutating func finish() throws {
        while let field = try takeField() {
            try reject(unknown: field.tag)
        }
    }

    /// The value bytes of `tag`, or `nil` if absent.
    public mutating func rawValue(tag: UInt16) throws -> ArraySlice<UInt8>? {
        guard Int(tag) > lastRequestedTag else {
            throw WireError(.invalidArgument, "schema asked for tag \(tag) after \(lastRequestedTag)")
        }
        lastRequestedTag = Int(tag)
        while let field = try takeField() {
            if field.tag == tag { return bytes[field.value] }
            if field.tag > tag {
                pending = field
                return nil
            }
            try reject(unknown: field.tag)
        }
        return nil
    }

    /// A required field; absent → `missingField`.
    public mutating func decode<V: CanonicalValue>(_ type: V.Type, tag: UInt16) throws -> V {
        guard let value = try decodeIfPresent(type, tag: tag) else {
            throw WireError(.missingField, "required field \(tag) is absent")
        }
        return value
    }

    /// An optional field.
    public mutating func decodeIfPresent<V: CanonicalValue>(_ type: V.Type, tag: UInt16) throws -> V? {
        guard let value = try rawValue(tag: tag) else { return nil }
        return try V(canonicalValue: value)
    }

    /// A required nested record read by `body`; the nested record must be consumed entirely.
    public mutating func decodeRecord<R>(tag: UInt16, _ body: (inout CanonicalDecoder) throws -> R) throws -> R {
        guard let record = try decodeRecordIfPresent(tag: tag, body) else {
            throw WireError(.missingField, "required record \(tag) is absent")
        }
        return record
    }

    /// An optional nested record read by `body`.
    public mutating func decodeRecordIfPresent<R>(
        tag: UInt16,
        _ body: (inout CanonicalDecoder) throws -> R
    ) throws -> R? {
        guard let value = try rawValue(tag: tag) else { return nil }
        return try decodeNested(value, body)
    }

    /// A required nested record of type `R`.
    public mutating func decode<R: CanonicalRecord>(record type: R.Type, tag: UInt16) throws -> R {
        try decodeRecord(tag: tag) { try R(canonical: &$0) }
    }

    /// A required list field (Docs/SPEC.md §7.2). With `sorted`, element encodings must be
    /// strictly ascending bytewise.
    public mutating func decodeList<V: CanonicalValue>(_ type: V.Type, tag: UInt16, sorted: Bool = false) throws -> [V]
    {
        guard let list = try decodeListIfPresent(type, tag: tag, sorted: sorted) else {
            throw WireError(.missingField, "required list \(tag) is absent")
        }
        return list
    }

    /// An optional list field. A present list must not be empty: an empty optional list is
    /// encoded by omitting the field, so each value has one encoding (Docs/SPEC.md §7.2).
    public mutating func decodeListIfPresent<V: CanonicalValue>(
        _ type: V.Type,
        tag: UInt16,
        sorted: Bool = false
    ) throws -> [V]? {
        guard let value = try rawValue(tag: tag) else { return nil }
        guard !value.isEmpty else { throw WireError(.invalidField, "optional list \(tag) is present but empty") }
        return try Self.listElements(value, sorted: sorted).map { try V(canonicalValue: $0) }
    }

    /// A required list of nested records.
    public mutating func decodeList<R: CanonicalRecord>(records type: R.Type, tag: UInt16, sorted: Bool = false) throws
        -> [R]
    {
        guard let value = try rawValue(tag: tag) else {
            throw WireError(.missingField, "required list \(tag) is absent")
        }
        var records: [R] = []
        for element in try Self.listElements(value, sorted: sorted) {
            records.append(try decodeNested(element) { try R(canonical: &$0) })
        }
        return records
    }

    private mutating func decodeNested<R>(
        _ value: ArraySlice<UInt8>,
        _ body: (inout CanonicalDecoder) throws -> R
    ) throws -> R {
        guard depth < WireLimits.maxRecordDepth else {
            throw WireError(.nestingTooDeep, "records nested deeper than \(WireLimits.maxRecordDepth)")
        }
        var nested = CanonicalDecoder(bytes: bytes, range: value.startIndex..<value.endIndex, depth: depth + 1)
        let record = try body(&nested)
        try nested.finish()
        skippedUnknownFields += nested.skippedUnknownFields
        return record
    }

    /// Splits a list value into its elements (`u32 length ‖ bytes` each).
    static func listElements(_ value: ArraySlice<UInt8>, sorted: Bool) throws -> [ArraySlice<UInt8>] {
        var elements: [ArraySlice<UInt8>] = []
        var index = value.startIndex
        while index < value.endIndex {
            guard value.endIndex - index >= 4 else { throw WireError(.truncated, "list element length") }
            let length = Int(try UInt32(canonicalValue: value[index..<index + 4]))
            index += 4
            guard length <= value.endIndex - index else {
                throw WireError(.invalidLength, "list element of \(length) bytes runs past its field")
            }
            let element = value[index..<index + length]
            if sorted, let previous = elements.last, !previous.lexicographicallyPrecedes(element) {
                throw WireError(.unorderedFields, "sorted list is not strictly ascending")
            }
            elements.append(element)
            index += length
        }
        return elements
    }

    /// Reads the next field header, or returns the pending one. Enforces strictly ascending
    /// tags and in-bounds lengths.
    private mutating func takeField() throws -> (tag: UInt16, value: Range<Int>)? {
        if let field = pending {
            pending = nil
            return field
        }
        guard position < end else { return nil }
        guard end - position >= 6 else { throw WireError(.truncated, "field header") }
        let tag = try UInt16(canonicalValue: bytes[position..<position + 2])
        let length = Int(try UInt32(canonicalValue: bytes[position + 2..<position + 6]))
        position += 6
        guard length <= end - position else {
            throw WireError(.invalidLength, "field \(tag) of \(length) bytes runs past its record")
        }
        guard Int(tag) > lastFieldTag else {
            throw WireError(.unorderedFields, "tag \(tag) follows tag \(lastFieldTag)")
        }
        lastFieldTag = Int(tag)
        let value = position..<position + length
        position += length
        return (tag, value)
    }

    private mutating func reject(unknown tag: UInt16) throws {
        if tag % 2 == 0 {
            throw WireError(.unknownCriticalField, "unknown critical (even) tag \(tag)")
        }
        skippedUnknownFields += 1
    }
}
