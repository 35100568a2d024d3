/// An error from SuretyWire: a stable `Code` plus a human-readable message.
///
/// Every code maps to the DESTROY reason and END reason the protocol uses when the malformed
/// bytes were found on a circuit or stream (Docs/SPEC.md §9.3). The message is for logs only and
/// must never be sent on the wire.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. A struct rather than an enum so codes can be added without breaking
    /// exhaustive switches in callers (house style, after swift-certificates).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case truncated
            case invalidLength
            case tooLong
            case unknownCommand
            case invalidField
            case nonZeroPadding
            case invalidCircuitID
            case invalidStreamID
            case trailingBytes
            case unorderedFields
            case missingField
            case unknownCriticalField
            case unsupportedVersion
            case nestingTooDeep
            case wrongDocumentType
            case insufficientSignatures
            case invalidArgument
        }
        fileprivate let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input ended inside a structure.
        public static let truncated = Code(.truncated)
        /// A length field contradicts the bytes present or a fixed size.
        public static let invalidLength = Code(.invalidLength)
        /// A length exceeds a protocol maximum (Docs/SPEC.md §8).
        public static let tooLong = Code(.tooLong)
        /// An unknown cell or relay command.
        public static let unknownCommand = Code(.unknownCommand)
        /// A value outside its allowed set (address type, port 0, bool, UTF-8, …).
        public static let invalidField = Code(.invalidField)
        /// A padding byte that is not zero.
        public static let nonZeroPadding = Code(.nonZeroPadding)
        /// A command on the wrong circuit-id class (Docs/SPEC.md §3.2).
        public static let invalidCircuitID = Code(.invalidCircuitID)
        /// A relay command on the wrong stream-id class (Docs/SPEC.md §6.1).
        public static let invalidStreamID = Code(.invalidStreamID)
        /// Bytes after the end of a structure.
        public static let trailingBytes = Code(.trailingBytes)
        /// Tags, types or keys not strictly ascending (this includes duplicates).
        public static let unorderedFields = Code(.unorderedFields)
        /// A required field or link specifier is absent.
        public static let missingField = Code(.missingField)
        /// An unknown even (critical) tag in a canonical record (Docs/SPEC.md §7.3).
        public static let unknownCriticalField = Code(.unknownCriticalField)
        /// A protocol or document version that is not supported.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// Canonical records nested deeper than allowed (Docs/SPEC.md §7.1).
        public static let nestingTooDeep = Code(.nestingTooDeep)
        /// A signed envelope of another document type than expected.
        public static let wrongDocumentType = Code(.wrongDocumentType)
        /// Fewer valid signatures from the policy's signers than its threshold (Docs/SPEC.md §7.8).
        public static let insufficientSignatures = Code(.insufficientSignatures)
        /// A local caller asked to build or encode an invalid value; not caused by the peer.
        public static let invalidArgument = Code(.invalidArgument)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The reason to put in a DESTROY (or TRUNCATED) when this error ends a circuit
    /// (Docs/SPEC.md §9.3): `INTERNAL` for local mistakes, `PROTOCOL` for everything the peer sent.
    public var destroyReason: DestroyReason {
        code == .invalidArgument ? .internal : .protocol
    }

    /// The reason to put in an END when this error ends a stream (Docs/SPEC.md §9.3).
    public var endReason: EndReason {
        code == .invalidArgument ? .internal : .protocol
    }

    public var description: String { "WireError.\(code): \(message)" }
}
