import SuretyFuzzHarness
import SuretyWire
import Testing

/// `tag u16 ‖ length u32 ‖ value`.
func field(_ tag: UInt16, _ value: [UInt8]) -> [UInt8] {
    [UInt8(tag >> 8), UInt8(tag & 0xFF)] + withUnsafeBytes(of: UInt32(value.count).bigEndian) { Array($0) } + value
}

private struct Pair: CanonicalRecord, Equatable {
    var a: UInt16
    var b: String?

    init(a: UInt16, b: String?) {
        self.a = a
        self.b = b
    }

    init(canonical decoder: inout CanonicalDecoder) throws {
        a = try decoder.decode(UInt16.self, tag: 2)
        b = try decoder.decodeIfPresent(String.self, tag: 4)
    }

    func encode(canonical encoder: inout CanonicalEncoder) throws {
        try encoder.encode(a, tag: 2)
        try encoder.encodeIfPresent(b, tag: 4)
    }
}

private struct Nest: CanonicalRecord, Equatable {
    var inner: [Nest]

    init(depth: Int) { inner = depth > 1 ? [Nest(depth: depth - 1)] : [] }

    init(canonical decoder: inout CanonicalDecoder) throws {
        inner = try decoder.decodeRecordIfPresent(tag: 2) { [try Nest(canonical: &$0)] } ?? []
    }

    func encode(canonical encoder: inout CanonicalEncoder) throws {
        if let first = inner.first { try encoder.encode(record: first, tag: 2) }
    }
}

@Suite("Canonical records (SPEC §7.1–§7.4)")
struct CanonicalEncodingTests {
    private func code(_ body: () throws -> Void) -> WireError.Code? {
        do {
            try body()
            return nil
        } catch {
            return (error as? WireError)?.code
        }
    }

    @Test func layoutIsTagLengthValueAscending() throws {
        let bytes = try CanonicalEncoder.encode(Pair(a: 0x0102, b: "hé"))
        #expect(bytes == field(2, [1, 2]) + field(4, [0x68, 0xC3, 0xA9]))
        #expect(try CanonicalDecoder.decode(Pair.self, from: bytes) == Pair(a: 0x0102, b: "hé"))
        #expect(try CanonicalEncoder.encode(Pair(a: 1, b: nil)) == field(2, [0, 1]))
    }

    @Test func encoderRejectsOutOfOrderTags() {
        var encoder = CanonicalEncoder()
        #expect(code { try encoder.encode(UInt8(1), tag: 4) } == nil)
        #expect(code { try encoder.encode(UInt8(1), tag: 4) } == .invalidArgument)
        #expect(code { try encoder.encode(UInt8(1), tag: 2) } == .invalidArgument)
    }

    @Test func decoderIsStrict() {
        func decode(_ bytes: [UInt8]) -> WireError.Code? {
            code { _ = try CanonicalDecoder.decode(Pair.self, from: bytes) }
        }
        #expect(decode(field(2, [0, 1])) == nil)
        #expect(decode(field(4, Array("x".utf8)) + field(2, [0, 1])) != nil)
        #expect(decode(field(2, [0, 1]) + field(4, Array("x".utf8)) + field(3, [1])) == .unorderedFields)
        #expect(decode(field(2, [0, 1]) + field(2, [0, 1])) == .unorderedFields)
        #expect(decode(field(2, [0, 1]) + field(6, [])) == .unknownCriticalField)
        #expect(decode(field(0, []) + field(2, [0, 1])) == .unknownCriticalField)
        #expect(decode([]) == .missingField)
        #expect(decode(field(4, [0x41])) == .missingField)
        #expect(decode(field(2, [1])) == .invalidLength)
        #expect(decode(field(2, [0, 0, 1])) == .invalidLength)
        #expect(decode(field(2, [0, 1]) + [0, 4, 0]) == .truncated)
        #expect(decode(field(2, [0, 1]) + [0, 4, 0, 0, 0, 9, 0x41]) == .invalidLength)
        #expect(decode(field(2, [0, 1]) + field(4, [0xC3])) == .invalidField)
        #expect(decode(field(2, [0, 1]) + field(4, [0x41, 0])) == .invalidField)
        #expect(decode(field(2, [0, 1]) + field(4, [0xED, 0xA0, 0x80])) == .invalidField)  // surrogate
    }

    @Test func unknownOddFieldsAreSkippedAndCounted() throws {
        let bytes = field(1, [9]) + field(2, [0, 1]) + field(3, [9]) + field(5, [9, 9])
        var decoder = try CanonicalDecoder(bytes)
        let pair = try Pair(canonical: &decoder)
        try decoder.finish()
        #expect(pair == Pair(a: 1, b: nil))
        #expect(decoder.skippedUnknownFields == 3)
    }

    @Test func boolAndFixedBytes() {
        #expect((try? Bool(canonicalValue: [1])) == true)
        #expect((try? Bool(canonicalValue: [0])) == false)
        #expect(code { _ = try Bool(canonicalValue: [2]) } == .invalidField)
        #expect(code { _ = try Bool(canonicalValue: []) } == .invalidField)
        #expect(code { _ = try Bytes32(canonicalValue: ArraySlice(zeros(31))) } == .invalidLength)
        #expect(code { _ = try Bytes64(canonicalValue: ArraySlice(zeros(65))) } == .invalidLength)
        #expect((try? UInt64(canonicalValue: [1, 2, 3, 4, 5, 6, 7, 8])) == 0x0102_0304_0506_0708)
    }

    @Test func nestingIsLimitedToEightLevels() throws {
        let eight = try CanonicalEncoder.encode(Nest(depth: 8))
        #expect(try CanonicalDecoder.decode(Nest.self, from: eight) == Nest(depth: 8))
        #expect(code { _ = try CanonicalEncoder.encode(Nest(depth: 9)) } == .invalidArgument)
        let nine = field(2, eight)
        #expect(code { _ = try CanonicalDecoder.decode(Nest.self, from: nine) } == .nestingTooDeep)
    }

    @Test func listsAndSortedLists() throws {
        let entry = SampleDocument.Entry(key: Bytes32(repeating: 5), weight: 7, labels: ["a", "b"])
        let bytes = try CanonicalEncoder.encode(entry)
        let labels: [UInt8] = [0, 0, 0, 1, 0x61, 0, 0, 0, 1, 0x62]
        #expect(bytes == field(2, [UInt8](repeating: 5, count: 32)) + field(4, [0, 0, 0, 7]) + field(6, labels))
        #expect(try CanonicalDecoder.decode(SampleDocument.Entry.self, from: bytes) == entry)

        let prefix = field(2, [UInt8](repeating: 5, count: 32)) + field(4, [0, 0, 0, 7])
        let unsorted: [UInt8] = [0, 0, 0, 1, 0x62, 0, 0, 0, 1, 0x61]
        let duplicate: [UInt8] = [0, 0, 0, 1, 0x61, 0, 0, 0, 1, 0x61]
        let overrun: [UInt8] = [0, 0, 0, 2, 0x61]
        for list in [unsorted, duplicate, overrun, [0, 0, 1], []] {
            #expect(
                code { _ = try CanonicalDecoder.decode(SampleDocument.Entry.self, from: prefix + field(6, list)) }
                    != nil)
        }
        #expect(
            code {
                _ = try CanonicalEncoder.encode(
                    SampleDocument.Entry(key: .init(repeating: 0), weight: 0, labels: ["b", "a"]))
            } == .invalidArgument)
    }

    @Test func fieldListRoundTripsAnyWellFormedRecord() throws {
        let bytes = field(0, []) + field(7, [1, 2, 3]) + field(0xFFFF, zeros(300))
        let list = try CanonicalFieldList(decoding: bytes)
        #expect(list.fields.map(\.tag) == [0, 7, 0xFFFF])
        #expect(list.fields.map(\.isCritical) == [true, false, false])
        #expect(list.encoded() == bytes)
        #expect(code { _ = try CanonicalFieldList(decoding: field(7, []) + field(7, [])) } == .unorderedFields)
        #expect(
            code { _ = try CanonicalFieldList([.init(tag: 2, value: []), .init(tag: 1, value: [])]) }
                == .invalidArgument)
    }

    @Test func documentSizeIsLimited() {
        #expect(code { _ = try CanonicalDecoder(zeros(WireLimits.maxDocumentSize + 1)) } == .tooLong)
        #expect(code { _ = try CanonicalFieldList(decoding: zeros(WireLimits.maxDocumentSize + 1)) } == .tooLong)
    }
}
