/// Why an admin action was taken (Docs/SPEC-GOVERNANCE.md §G.2): a stable code for statistics and
/// appeals, next to the free-text reason and an evidence reference in the action itself.
///
/// Codes 1–15 are for revocations, 16–31 for reinstatements; 255 is "other" (explain in the text).
/// Receivers accept any value: the code informs people, it changes no enforcement.
public struct GovernanceReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Abuse traced to this identity (an opened escrow record, an abuse report).
    public static let abuse = GovernanceReason(rawValue: 1)
    /// The key is known or suspected to be compromised.
    public static let keyCompromise = GovernanceReason(rawValue: 2)
    /// A breach of the network's published policy (e.g. a relay tampering with traffic).
    public static let policyViolation = GovernanceReason(rawValue: 3)
    /// The member or operator asked for it.
    public static let requested = GovernanceReason(rawValue: 4)
    /// A relay broke the protocol (e.g. tagging, dropping circuits selectively).
    public static let protocolMisbehaviour = GovernanceReason(rawValue: 5)
    /// Reinstatement: an appeal was upheld.
    public static let appealUpheld = GovernanceReason(rawValue: 16)
    /// Reinstatement: the revocation was a mistake.
    public static let revokedInError = GovernanceReason(rawValue: 17)
    /// Reinstatement: the cause was remedied (e.g. a compromised relay rebuilt with a new link key).
    public static let remedied = GovernanceReason(rawValue: 18)
    public static let other = GovernanceReason(rawValue: 255)

    static let names: [(String, GovernanceReason)] = [
        ("abuse", .abuse), ("key-compromise", .keyCompromise), ("policy-violation", .policyViolation),
        ("requested", .requested), ("protocol-misbehaviour", .protocolMisbehaviour),
        ("appeal-upheld", .appealUpheld), ("revoked-in-error", .revokedInError), ("remedied", .remedied),
        ("other", .other),
    ]

    /// Parses a name `description` prints (or a decimal code).
    public init?(name: String) {
        if let match = Self.names.first(where: { $0.0 == name }) {
            self = match.1
        } else if let value = UInt16(name) {
            self.init(rawValue: value)
        } else {
            return nil
        }
    }

    public var description: String { Self.names.first { $0.1 == self }?.0 ?? "reason-\(rawValue)" }
}
