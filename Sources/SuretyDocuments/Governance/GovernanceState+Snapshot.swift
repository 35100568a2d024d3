import SuretyWire

/// A compact binary snapshot of a `GovernanceState` (Docs/SPEC-GOVERNANCE.md §G.7), so a relay
/// persists what it enforces and resumes after a restart without replaying the whole log.
///
/// Fixed-width records rather than a canonical record: a network with a million revocations
/// produces a snapshot far above the 8 MiB document limit, and the file never leaves the machine.
/// Layout: "SGS1", u32 record count, records (kind u8, key 32, action id 32, action kind u16,
/// sequence u64, created u64, effective u64, reason u16 with 0xFFFF for none), u32 id count, ids
/// (32 each; records and ids in no particular order), u16 parameter count, parameters (u8 name length, name, u64 value). Big-endian.
extension GovernanceState {
    static let snapshotMagic: [UInt8] = Array("SGS1".utf8)
    static let noReason: UInt16 = 0xFFFF

    public func snapshot() -> [UInt8] {
        var out = Self.snapshotMagic
        out.reserveCapacity(8 + records.count * 101 + appliedIDs.count * 32)
        append(UInt32(records.count), to: &out)
        for (subject, record) in records {
            out.append(subject.kind.rawValue)
            out += subject.key.bytes
            out += record.actionID.bytes
            append(record.kind.rawValue, to: &out)
            append(record.sequence, to: &out)
            append(record.created, to: &out)
            append(record.effective, to: &out)
            append(record.reasonCode?.rawValue ?? Self.noReason, to: &out)
        }
        append(UInt32(appliedIDs.count), to: &out)
        for id in appliedIDs { out += id.bytes }
        append(UInt16(parameters.count), to: &out)
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(name.utf8.prefix(255))
            out.append(UInt8(bytes.count))
            out += bytes
            append(value, to: &out)
        }
        return out
    }

    /// Restores a snapshot; throws `DocumentError(.malformed)` for anything that does not parse.
    public init(snapshot bytes: [UInt8]) throws {
        self.init()
        var reader = SnapshotReader(bytes: bytes)
        guard Array(try reader.take(4)) == Self.snapshotMagic else {
            throw DocumentError(.malformed, "not a governance state snapshot")
        }
        let recordCount = Int(try reader.integer(UInt32.self))
        guard recordCount <= reader.remaining / 101 else { throw DocumentError(.malformed, "snapshot truncated") }
        for _ in 0..<recordCount {
            let subject = GovernanceSubject(
                kind: .init(rawValue: try reader.integer(UInt8.self)), key: try Bytes32(try reader.take(32)))
            let id = try Bytes32(try reader.take(32))
            let kind = GovernanceAction.Kind(rawValue: try reader.integer(UInt16.self))
            let sequence = try reader.integer(UInt64.self)
            let created = try reader.integer(UInt64.self)
            let effective = try reader.integer(UInt64.self)
            let reason = try reader.integer(UInt16.self)
            records[subject] = Record(
                actionID: id, kind: kind, sequence: sequence, created: created, effective: effective,
                reasonCode: reason == Self.noReason ? nil : GovernanceReason(rawValue: reason))
        }
        let idCount = Int(try reader.integer(UInt32.self))
        guard idCount <= reader.remaining / 32 else { throw DocumentError(.malformed, "snapshot truncated") }
        appliedIDs.reserveCapacity(idCount)
        for _ in 0..<idCount { appliedIDs.insert(try Bytes32(try reader.take(32))) }
        let parameterCount = Int(try reader.integer(UInt16.self))
        for _ in 0..<parameterCount {
            let length = Int(try reader.integer(UInt8.self))
            let name = String(decoding: try reader.take(length), as: UTF8.self)
            parameters[name] = try reader.integer(UInt64.self)
        }
        guard reader.remaining == 0 else { throw DocumentError(.malformed, "bytes after the snapshot") }
    }
}

private func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
        out.append(UInt8(truncatingIfNeeded: value >> shift))
    }
}

/// Bounds-checked big-endian reads over a byte array.
struct SnapshotReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw DocumentError(.malformed, "snapshot truncated") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        var value: T = 0
        for byte in try take(T.bitWidth / 8) { value = value << 8 | T(byte) }
        return value
    }
}
