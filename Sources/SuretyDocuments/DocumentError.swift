/// An error from SuretyDocuments: a stable `Code` plus a human-readable message.
///
/// A struct with a nested `Code` (house style, after swift-certificates) so codes can be added
/// without breaking callers. The directory maps each code to an HTTP status and a JSON error code,
/// so the codes name *why* a document was refused, not where.
public struct DocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// The bytes are not a strictly valid canonical record of the expected schema (SPEC §7.4).
        public static let malformed = Code("malformed")
        /// The envelope names another document type or version than the caller expects (SPEC §7.8 step 1).
        public static let wrongDocumentType = Code("wrong_document_type")
        /// Fewer valid signatures from the policy's signers than its threshold (SPEC §7.8 step 4).
        public static let insufficientSignatures = Code("insufficient_signatures")
        /// A field value breaks a rule of its schema (a key of the wrong length, an empty list, …).
        public static let invalidField = Code("invalid_field")
        /// The document is not valid at the time given (expired, not yet valid, published in the future).
        public static let notValidNow = Code("not_valid_now")
        /// A document older than one already accepted for the same subject (a replay).
        public static let stale = Code("stale")
        /// The signer or subject is not allowed (not admitted, not an authority, not an operator).
        public static let notAuthorized = Code("not_authorized")
        /// The inputs of a computation are inconsistent (votes for different periods, too few votes).
        public static let inconsistent = Code("inconsistent")
        /// A document is larger than its limit.
        public static let tooLarge = Code("too_large")

        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "DocumentError.\(code): \(message)" }
}
