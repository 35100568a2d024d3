public import SuretyWire

/// A k-of-m admin action (DESIGN.md "Governance log entries"): valid only with at least k distinct
/// genesis-admin signatures, self-authenticating, identified by the hash of its signed body.
///
/// Implements Docs/SPEC-DOCUMENTS.md §D.5 (doctype `governance-action`, version 1) with the kinds of
/// Docs/SPEC-GOVERNANCE.md §G.1: admit, revoke, reinstate and parameter change. Verify through
/// `GovernanceActionVerifier` (it computes the id only after the signatures verify) and apply
/// through `GovernanceState` (it enforces the per-subject sequence order).
public struct GovernanceAction: Hashable, Sendable, CanonicalDocument {
    public static let documentType = "governance-action"
    public static let version: UInt16 = 1
    public static let maximumSize = 64 * 1024
    /// Longest free-text reason and evidence reference (bytes of UTF-8).
    public static let maximumReasonLength = 1024
    public static let maximumEvidenceLength = 512
    /// Most parameters one change may set.
    public static let maximumSettings = 16

    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let admit = Kind(rawValue: 1)
        public static let revoke = Kind(rawValue: 2)
        public static let reinstate = Kind(rawValue: 3)
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
    /// What the action is about: a member id (admit), or per `subjectKind` a member id, device key,
    /// relay identity, or 32 zero bytes for the network's parameters.
    public var subject: [UInt8]
    /// Per-subject sequence number, from 1: actions on one subject apply in this order only.
    public var sequence: UInt64
    public var created: UInt64
    /// The admitted member (kind admit).
    public var memberCertificate: MemberCertificate?
    /// Kind of subject (absent for admit, whose subject is always a member).
    public var subjectKind: GovernanceSubject.Kind?
    /// Revoke and reinstate: a reason code, a free-text reason, and where the evidence is.
    public var reasonCode: GovernanceReason?
    public var reason: String?
    public var evidence: String?
    /// Revoke: when enforcement starts (absent: at once). A later time lets admins announce a
    /// revocation ahead (e.g. a relay operator retiring a key); it never delays an earlier one.
    public var effective: UInt64?
    /// Parameter change: the parameters set, ascending by name, each at most once.
    public var settings: [ParameterSetting]

    public init(admitting certificate: MemberCertificate, sequence: UInt64 = 1, created: UInt64) throws {
        kind = .admit
        subject = certificate.memberID
        self.sequence = sequence
        self.created = created
        memberCertificate = certificate
        settings = []
        try validate()
    }

    /// A revocation of `subject` (a member, device key or relay).
    public init(
        revoking subject: GovernanceSubject, sequence: UInt64, created: UInt64, reasonCode: GovernanceReason,
        reason: String, evidence: String? = nil, effective: UInt64? = nil
    ) throws {
        kind = .revoke
        self.subject = subject.key.bytes
        subjectKind = subject.kind
        self.sequence = sequence
        self.created = created
        self.reasonCode = reasonCode
        self.reason = reason
        self.evidence = evidence
        self.effective = effective
        settings = []
        try validate()
    }

    /// A reinstatement (appeal) of `subject`; its sequence must exceed the revocation's.
    public init(
        reinstating subject: GovernanceSubject, sequence: UInt64, created: UInt64, reasonCode: GovernanceReason,
        reason: String, evidence: String? = nil
    ) throws {
        kind = .reinstate
        self.subject = subject.key.bytes
        subjectKind = subject.kind
        self.sequence = sequence
        self.created = created
        self.reasonCode = reasonCode
        self.reason = reason
        self.evidence = evidence
        settings = []
        try validate()
    }

    /// A change of protocol parameters (sequence counts on the one network subject).
    public init(changing settings: [ParameterSetting], sequence: UInt64, created: UInt64, reason: String) throws {
        kind = .parameterChange
        subject = [UInt8](repeating: 0, count: 32)
        subjectKind = .network
        self.sequence = sequence
        self.created = created
        self.reason = reason
        self.settings = settings.sorted { $0.name < $1.name }
        try validate()
    }

    /// The subject with its kind.
    public var governanceSubject: GovernanceSubject {
        // `validate` guarantees a 32-byte subject; the fallback is never taken for a decoded action.
        GovernanceSubject(kind: subjectKind ?? .member, key: (try? Bytes32(subject)) ?? Bytes32(repeating: 0))
    }

    /// When a revocation takes effect: `effective`, or `created` when absent.
    public var effectiveTime: UInt64 { effective ?? created }

    func validate() throws {
        guard subject.count == 32 else { throw DocumentError(.invalidField, "subject must be 32 bytes") }
        guard sequence >= 1 else { throw DocumentError(.invalidField, "sequence numbers start at 1") }
        if let reason {
            guard (1...Self.maximumReasonLength).contains(reason.utf8.count) else {
                throw DocumentError(.invalidField, "a reason is 1–\(Self.maximumReasonLength) bytes")
            }
        }
        if let evidence {
            guard (1...Self.maximumEvidenceLength).contains(evidence.utf8.count) else {
                throw DocumentError(.invalidField, "an evidence reference is 1–\(Self.maximumEvidenceLength) bytes")
            }
        }
        switch kind {
        case .admit:
            guard let memberCertificate else {
                throw DocumentError(.invalidField, "an admit action carries a member certificate")
            }
            guard memberCertificate.memberID == subject else {
                throw DocumentError(.invalidField, "an admit action's subject is the admitted member id")
            }
            guard subjectKind == nil, reasonCode == nil, reason == nil, evidence == nil, effective == nil,
                settings.isEmpty
            else { throw DocumentError(.invalidField, "an admit action carries only a member certificate") }
        case .revoke, .reinstate:
            guard let subjectKind, [.member, .device, .relay].contains(subjectKind) else {
                throw DocumentError(.invalidField, "\(kind) needs a member, device or relay subject")
            }
            guard reasonCode != nil, reason != nil else {
                throw DocumentError(.invalidField, "\(kind) needs a reason code and a reason")
            }
            guard memberCertificate == nil, settings.isEmpty else {
                throw DocumentError(.invalidField, "\(kind) carries no certificate or parameters")
            }
            if kind == .reinstate, effective != nil {
                throw DocumentError(.invalidField, "a reinstatement takes effect when it verifies")
            }
            if let effective, effective < created {
                throw DocumentError(.invalidField, "effective time precedes the creation time")
            }
        case .parameterChange:
            guard subjectKind == .network, subject.allSatisfy({ $0 == 0 }) else {
                throw DocumentError(.invalidField, "a parameter change's subject is the network (32 zero bytes)")
            }
            guard (1...Self.maximumSettings).contains(settings.count),
                zip(settings, settings.dropFirst()).allSatisfy({ $0.name < $1.name })
            else {
                throw DocumentError(
                    .invalidField, "a parameter change sets 1–\(Self.maximumSettings) parameters, each once, by name")
            }
            guard memberCertificate == nil, reasonCode == nil, evidence == nil, effective == nil else {
                throw DocumentError(.invalidField, "a parameter change carries only settings and a reason")
            }
        default:
            // Kinds of later versions are not understood: refuse rather than apply something half-read.
            throw DocumentError(.invalidField, "governance action kind \(kind) is not supported by this version")
        }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(kind.rawValue, tag: 2)
        try w.encode(subject, tag: 4)
        try w.encode(sequence, tag: 6)
        try w.encode(created, tag: 8)
        if let memberCertificate { try w.encode(record: memberCertificate, tag: 10) }
        try w.encodeIfPresent(subjectKind?.rawValue, tag: 12)
        try w.encodeIfPresent(reasonCode?.rawValue, tag: 14)
        try w.encodeIfPresent(reason, tag: 16)
        try w.encodeIfPresent(evidence, tag: 18)
        try w.encodeIfPresent(effective, tag: 20)
        try w.encodeOptionalList(records: settings, tag: 22)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        kind = Kind(rawValue: try r.decode(UInt16.self, tag: 2))
        subject = try r.bytes(4, count: 32)
        sequence = try r.decode(UInt64.self, tag: 6)
        created = try r.decode(UInt64.self, tag: 8)
        memberCertificate = try r.decodeRecordIfPresent(tag: 10) { try MemberCertificate(canonical: &$0) }
        subjectKind = try r.decodeIfPresent(UInt8.self, tag: 12).map(GovernanceSubject.Kind.init(rawValue:))
        reasonCode = try r.decodeIfPresent(UInt16.self, tag: 14).map(GovernanceReason.init(rawValue:))
        reason = try r.decodeIfPresent(String.self, tag: 16)
        evidence = try r.decodeIfPresent(String.self, tag: 18)
        effective = try r.decodeIfPresent(UInt64.self, tag: 20)
        settings = try r.records(ParameterSetting.self, tag: 22, maximumCount: Self.maximumSettings)
        try validate()
    }
}
