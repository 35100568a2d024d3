import NIOCore

extension RelayMessage {
    /// SENDME (Docs/SPEC.md §6.7): empty at stream level; at circuit level version 1 with the
    /// 8-byte digest of the DATA cell it acknowledges.
    public struct Sendme: Hashable, Sendable {
        /// The authenticated form's version.
        public static let authenticatedVersion: UInt8 = 1

        /// The acknowledged cell's digest; `nil` for the empty stream-level form.
        public let digest: UInt64?

        /// The stream-level form.
        public static let stream = Sendme(digest: nil)

        /// The circuit-level form acknowledging the cell whose digest field was `digest`.
        public static func circuit(acknowledging digest: UInt64) -> Sendme { Sendme(digest: digest) }

        public init(digest: UInt64?) { self.digest = digest }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            if buffer.readableBytes == 0 {
                digest = nil
                return
            }
            let version = try buffer.readWireInteger(UInt8.self, "SENDME version")
            guard version == Self.authenticatedVersion else {
                throw WireError(.unsupportedVersion, "SENDME version \(version)")
            }
            let length = try buffer.readWireInteger(UInt16.self, "SENDME length")
            guard length == 8 else { throw WireError(.invalidLength, "SENDME digest length \(length), need 8") }
            digest = try buffer.readWireInteger(UInt64.self, "SENDME digest")
            try buffer.requireFullyConsumed("SENDME")
        }

        func encode(into buffer: inout ByteBuffer) {
            if let digest {
                buffer.writeMultipleIntegers(Self.authenticatedVersion, UInt16(8), digest)
            }
        }
    }
}
