public import SuretyCrypto
public import SuretyWire

/// Typed field helpers for the document schemas, on top of SuretyWire's strict decoder.
extension CanonicalDecoder {
    /// A required `bytes[count]` field.
    mutating func bytes(_ tag: UInt16, count: Int) throws -> [UInt8] {
        let value = try decode([UInt8].self, tag: tag)
        guard value.count == count else {
            throw DocumentError(.malformed, "field \(tag) must be \(count) bytes, got \(value.count)")
        }
        return value
    }

    mutating func ed25519Key(_ tag: UInt16) throws -> Ed25519.PublicKey {
        let raw = try bytes(tag, count: Ed25519.publicKeyLength)
        do { return try Ed25519.PublicKey(rawRepresentation: raw) } catch {
            throw DocumentError(.malformed, "field \(tag): \(error)")
        }
    }

    mutating func x25519Key(_ tag: UInt16) throws -> X25519.PublicKey {
        let raw = try bytes(tag, count: X25519.keyLength)
        do { return try X25519.PublicKey(rawRepresentation: raw) } catch {
            throw DocumentError(.malformed, "field \(tag): \(error)")
        }
    }

    /// A required list of byte strings with at most `maximumCount` elements.
    mutating func list(_ tag: UInt16, maximumCount: Int, sorted: Bool = false) throws -> [[UInt8]] {
        let list = try decodeList([UInt8].self, tag: tag, sorted: sorted)
        guard list.count <= maximumCount else {
            throw DocumentError(.malformed, "list \(tag) has \(list.count) elements, at most \(maximumCount) allowed")
        }
        return list
    }

    mutating func listIfPresent(_ tag: UInt16, maximumCount: Int, sorted: Bool = false) throws -> [[UInt8]]? {
        guard let list = try decodeListIfPresent([UInt8].self, tag: tag, sorted: sorted) else { return nil }
        guard list.count <= maximumCount else {
            throw DocumentError(.malformed, "list \(tag) has \(list.count) elements, at most \(maximumCount) allowed")
        }
        return list
    }

    /// A list of nested records with at most `maximumCount` elements; absent means empty
    /// (an empty list is encoded by omitting the field, SPEC §7.2).
    mutating func records<R: CanonicalRecord>(_ type: R.Type, tag: UInt16, maximumCount: Int) throws -> [R] {
        // Count the elements before decoding any of them, so a huge list costs no parsing.
        let raw = try decodeListIfPresent([UInt8].self, tag: tag) ?? []
        guard raw.count <= maximumCount else {
            throw DocumentError(.malformed, "list \(tag) has \(raw.count) elements, at most \(maximumCount) allowed")
        }
        return try raw.map { element in
            do { return try CanonicalDecoder.decode(R.self, from: element) } catch let error as WireError {
                throw DocumentError(.malformed, "list \(tag): \(error)")
            }
        }
    }
}

extension CanonicalEncoder {
    /// Encodes a list that may be empty: omitted when empty (SPEC §7.2, one encoding per value).
    mutating func encodeOptionalList<V: CanonicalValue>(_ values: [V], tag: UInt16, sorted: Bool = false) throws {
        if !values.isEmpty { try encodeList(values, tag: tag, sorted: sorted) }
    }

    /// Encodes a list of records that may be empty: omitted when empty.
    mutating func encodeOptionalList<R: CanonicalRecord>(records: [R], tag: UInt16) throws {
        if !records.isEmpty { try encodeList(records: records, tag: tag) }
    }
}
