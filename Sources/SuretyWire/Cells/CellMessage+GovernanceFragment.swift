public import NIOCore

extension CellMessage {
    /// GOVERNANCE: one fragment of a governance log entry for gossip (Docs/SPEC.md §3.10).
    public struct GovernanceFragment: Hashable, Sendable {
        /// Bytes of entry data one fragment can carry: 1019 − 11.
        public static let maxFragmentLength = Cell.payloadSize - 11

        /// Entry kind (Docs/SPEC.md §10.2); nonzero. Unknown kinds are kept (receivers skip them).
        public let entryKind: UInt8
        /// Length of the whole entry, 1–65536.
        public let totalLength: UInt32
        /// Offset of this fragment within the entry.
        public let offset: UInt32
        /// 1–1008 bytes; `offset + fragment length ≤ totalLength`.
        public let fragment: ByteBuffer

        public init(entryKind: UInt8, totalLength: UInt32, offset: UInt32, fragment: ByteBuffer) throws {
            try Self.validate(
                entryKind: entryKind,
                totalLength: totalLength,
                offset: offset,
                fragmentLength: fragment.readableBytes,
                code: .invalidArgument
            )
            self.entryKind = entryKind
            self.totalLength = totalLength
            self.offset = offset
            self.fragment = fragment
        }

        /// Decodes a complete GOVERNANCE payload (including its padding).
        public init(decoding payload: ByteBuffer) throws {
            var buffer = payload
            entryKind = try buffer.readWireInteger(UInt8.self, "GOVERNANCE entry kind")
            totalLength = try buffer.readWireInteger(UInt32.self, "GOVERNANCE total length")
            offset = try buffer.readWireInteger(UInt32.self, "GOVERNANCE offset")
            let length = Int(try buffer.readWireInteger(UInt16.self, "GOVERNANCE fragment length"))
            try Self.validate(
                entryKind: entryKind,
                totalLength: totalLength,
                offset: offset,
                fragmentLength: length,
                code: .invalidField
            )
            fragment = try buffer.readWireSlice(length: length, "GOVERNANCE fragment")
            try buffer.readZeroPadding("GOVERNANCE")
        }

        /// Splits a whole entry into the fragments that carry it, in sending order.
        public static func fragments(entryKind: UInt8, entry: ByteBuffer) throws -> [GovernanceFragment] {
            let total = entry.readableBytes
            guard total >= 1, total <= WireLimits.maxGovernanceEntry else {
                throw WireError(.invalidArgument, "governance entry of \(total) bytes is outside 1-65536")
            }
            var result: [GovernanceFragment] = []
            var rest = entry
            while rest.readableBytes > 0 {
                let offset = total - rest.readableBytes
                let length = min(rest.readableBytes, maxFragmentLength)
                let piece = try rest.readWireSlice(length: length, "governance entry")
                result.append(
                    try GovernanceFragment(
                        entryKind: entryKind,
                        totalLength: UInt32(total),
                        offset: UInt32(offset),
                        fragment: piece
                    )
                )
            }
            return result
        }

        /// Writes the complete payload, `Cell.payloadSize` bytes.
        public func encode(into buffer: inout ByteBuffer) {
            let start = buffer.writerIndex
            buffer.writeMultipleIntegers(entryKind, totalLength, offset, UInt16(fragment.readableBytes))
            buffer.writeImmutableBuffer(fragment)
            buffer.writeRepeatingByte(0, count: Cell.payloadSize - (buffer.writerIndex - start))
        }

        private static func validate(
            entryKind: UInt8,
            totalLength: UInt32,
            offset: UInt32,
            fragmentLength: Int,
            code: WireError.Code
        ) throws {
            guard entryKind != 0 else { throw WireError(code, "governance entry kind 0 is invalid") }
            guard totalLength >= 1, totalLength <= WireLimits.maxGovernanceEntry else {
                throw WireError(code == .invalidField ? .tooLong : code, "governance entry length \(totalLength)")
            }
            guard fragmentLength >= 1, fragmentLength <= maxFragmentLength else {
                throw WireError(code == .invalidField ? .invalidLength : code, "fragment length \(fragmentLength)")
            }
            guard UInt64(offset) + UInt64(fragmentLength) <= UInt64(totalLength) else {
                throw WireError(code == .invalidField ? .invalidLength : code, "fragment runs past the entry")
            }
        }
    }
}
