public import SuretyWire

/// A document schema using every canonical value type (Docs/SPEC.md §7.2), for fuzzing and
/// tests of the canonical decoder. Tags: even are critical, 1 is an optional non-critical field.
public struct SampleDocument: CanonicalDocument, Hashable {
    public static let documentType = "sample"
    public static let version: UInt16 = 1

    public struct Entry: CanonicalRecord, Hashable, Sendable {
        public var key: Bytes32
        public var weight: UInt32
        public var labels: [String]

        public init(key: Bytes32, weight: UInt32, labels: [String]) {
            self.key = key
            self.weight = weight
            self.labels = labels
        }

        public init(canonical decoder: inout CanonicalDecoder) throws {
            key = try decoder.decode(Bytes32.self, tag: 2)
            weight = try decoder.decode(UInt32.self, tag: 4)
            labels = try decoder.decodeListIfPresent(String.self, tag: 6, sorted: true) ?? []
        }

        public func encode(canonical encoder: inout CanonicalEncoder) throws {
            try encoder.encode(key, tag: 2)
            try encoder.encode(weight, tag: 4)
            try encoder.encodeListIfNotEmpty(labels, tag: 6, sorted: true)
        }
    }

    public var note: String?
    public var serial: UInt64
    public var flag: Bool
    public var small: UInt8
    public var port: UInt16
    public var name: String
    public var blob: [UInt8]
    public var signature: Bytes64?
    public var entries: [Entry]
    public var nested: Entry?

    public init(
        note: String? = nil,
        serial: UInt64,
        flag: Bool,
        small: UInt8,
        port: UInt16,
        name: String,
        blob: [UInt8],
        signature: Bytes64? = nil,
        entries: [Entry],
        nested: Entry? = nil
    ) {
        self.note = note
        self.serial = serial
        self.flag = flag
        self.small = small
        self.port = port
        self.name = name
        self.blob = blob
        self.signature = signature
        self.entries = entries
        self.nested = nested
    }

    public init(canonical decoder: inout CanonicalDecoder) throws {
        note = try decoder.decodeIfPresent(String.self, tag: 1)
        serial = try decoder.decode(UInt64.self, tag: 2)
        flag = try decoder.decode(Bool.self, tag: 4)
        small = try decoder.decode(UInt8.self, tag: 6)
        port = try decoder.decode(UInt16.self, tag: 8)
        name = try decoder.decode(String.self, tag: 10)
        blob = try decoder.decode([UInt8].self, tag: 12)
        signature = try decoder.decodeIfPresent(Bytes64.self, tag: 14)
        entries = try decoder.decodeList(records: Entry.self, tag: 16)
        nested = try decoder.decodeRecordIfPresent(tag: 18) { try Entry(canonical: &$0) }
    }

    public func encode(canonical encoder: inout CanonicalEncoder) throws {
        try encoder.encodeIfPresent(note, tag: 1)
        try encoder.encode(serial, tag: 2)
        try encoder.encode(flag, tag: 4)
        try encoder.encode(small, tag: 6)
        try encoder.encode(port, tag: 8)
        try encoder.encode(name, tag: 10)
        try encoder.encode(blob, tag: 12)
        try encoder.encodeIfPresent(signature, tag: 14)
        try encoder.encodeList(records: entries, tag: 16)
        if let nested { try encoder.encode(record: nested, tag: 18) }
    }
}
