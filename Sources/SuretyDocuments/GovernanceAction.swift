public import SuretyWire

/// A k-of-m admin action (DESIGN.md "Governance log entries"): valid only with at least k distinct
/// genesis-admin signatures, self-authenticating, identified by the hash of its signed body.
///
/// Implements Docs/SPEC-DOCUMENTS.md §D.5 (doctype `governance-action`, version 1). This issue
/// defines the `admit` kind; revoke, reinstate and parameter changes (issue 6) use the reserved
/// kinds and tags of §D.5 without a version change for readers that already reject unknown kinds.
public struct GovernanceAction: Hashable, Sendable, CanonicalDocument {
    public static let documentType = "governance-action"
    public static let version: UInt16 = 1
    public static let maximumSize = 64 * 1024

    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let admit = Kind(rawValue: 1)
        /// Reserved for issue 6.
        public static let revoke = Kind(rawValue: 2)
        /// Reserved for issue 6.
        public static let reinstate = Kind(rawValue: 3)
        /// Reserved for issue 6.
        public static let parameterChange = Kind(rawValue: 4)

        public var description: String {
            switch self {
            case .admit: "admit"
            case .revoke: "revoke"
            case .reinstate: "reinstate"
            case .parameterChange: "param-change"
            default: "kind-\(rawValue)"
            }
        }
    }

    public var kind: Kind
    /// What the action is about: a member id (admit) or, for later kinds, a device key or relay identity.
    public var subject: [UInt8]
    /// Per-subject sequence number, from 1: actions on one subject apply in this order only.
    public var sequence: UInt64
    public var created: UInt64
    /// The admitted member (kind admit).
    public var memberCertificate: MemberCertificate?

    public init(admitting certificate: MemberCertificate, sequence: UInt64 = 1, created: UInt64) throws {
        kind = .admit
        subject = certificate.memberID
        self.sequence = sequence
        self.created = created
        memberCertificate = certificate
        try validate()
    }

    func validate() throws {
        guard subject.count == 32 else { throw DocumentError(.invalidField, "subject must be 32 bytes") }
        guard sequence >= 1 else { throw DocumentError(.invalidField, "sequence numbers start at 1") }
        switch kind {
        case .admit:
            guard let memberCertificate else {
                throw DocumentError(.invalidField, "an admit action carries a member certificate")
            }
            guard memberCertificate.memberID == subject else {
                throw DocumentError(.invalidField, "an admit action's subject is the admitted member id")
            }
        default:
            // Kinds of issue 6 are not understood yet: refuse rather than apply something half-read.
            throw DocumentError(.invalidField, "governance action kind \(kind) is not supported by this version")
        }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(kind.rawValue, tag: 2)
        try w.encode(subject, tag: 4)
        try w.encode(sequence, tag: 6)
        try w.encode(created, tag: 8)
        if let memberCertificate { try w.encode(record: memberCertificate, tag: 10) }
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        kind = Kind(rawValue: try r.decode(UInt16.self, tag: 2))
        subject = try r.bytes(4, count: 32)
        sequence = try r.decode(UInt64.self, tag: 6)
        created = try r.decode(UInt64.self, tag: 8)
        memberCertificate = try r.decodeRecordIfPresent(tag: 10) { try MemberCertificate(canonical: &$0) }
        try validate()
    }
}
