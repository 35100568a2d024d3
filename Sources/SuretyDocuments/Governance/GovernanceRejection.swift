/// Why a governance action (or log entry) was not applied: a stable code and a message for
/// people. Nothing is applied when one is thrown (Docs/SPEC-GOVERNANCE.md §G.3).
///
/// Directories map the code to their JSON error code; relays log it and count it by code.
public struct GovernanceRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// Not a strictly valid envelope or action (SPEC §7.4), or an unsupported kind.
        public static let malformed = Code("malformed")
        /// Larger than `GovernanceAction.maximumSize`.
        public static let tooLarge = Code("too_large")
        /// Not a `governance-action` v1 envelope.
        public static let wrongDocumentType = Code("wrong_document_type")
        /// Fewer than k valid signatures by genesis admins.
        public static let insufficientSignatures = Code("insufficient_signatures")
        /// Fewer than k valid admin signatures, and some signatures are by keys outside the admin set.
        public static let signerNotAdmin = Code("signer_not_admin")
        /// One key signed twice (a signature block must be strictly ascending by key, SPEC §7.6).
        public static let duplicateSignature = Code("duplicate_signature")
        /// This very action (same id) was applied before: a replay. Applying is idempotent.
        public static let duplicate = Code("duplicate_action")
        /// The subject already has an action with this or a higher sequence number.
        public static let staleSequence = Code("stale_sequence")
        /// A reinstatement of a subject that is not revoked.
        public static let notRevoked = Code("not_revoked")
        /// A log entry that does not continue the log (position, previous head, kind, round order).
        public static let brokenChain = Code("broken_chain")

        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
