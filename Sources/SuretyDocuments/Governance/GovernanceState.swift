public import SuretyWire

/// The governance state a sequence of actions produces: for every subject the latest action that
/// applied, the ids of every applied action, and the parameter overrides. A pure fold (no I/O, no
/// clock): authorities, relays, clients and `surety-admin log verify` all run this same code, so
/// they agree on what a log means.
///
/// Implements Docs/SPEC-GOVERNANCE.md §G.3 step 5. The rules:
/// - an action whose id was applied before is a replay (`duplicate_action`): nothing changes, so
///   applying is idempotent;
/// - an action whose sequence is not above the subject's last applied sequence is refused
///   (`stale_sequence`): a reinstatement numbered below a revocation can never undo it, however
///   late it arrives;
/// - a reinstatement applies only to a revoked subject (`not_revoked`);
/// - otherwise the action becomes the subject's latest record.
public struct GovernanceState: Sendable, Hashable {
    /// The latest applied action on one subject.
    public struct Record: Hashable, Sendable {
        public var actionID: Bytes32
        public var kind: GovernanceAction.Kind
        public var sequence: UInt64
        public var created: UInt64
        /// When a revocation is enforced from (the action's effective time).
        public var effective: UInt64
        public var reasonCode: GovernanceReason?

        public init(
            actionID: Bytes32, kind: GovernanceAction.Kind, sequence: UInt64, created: UInt64, effective: UInt64,
            reasonCode: GovernanceReason?
        ) {
            self.actionID = actionID
            self.kind = kind
            self.sequence = sequence
            self.created = created
            self.effective = effective
            self.reasonCode = reasonCode
        }

        /// Whether this record revokes its subject at `now`.
        public func revokes(at now: UInt64) -> Bool { kind == .revoke && effective <= now }
    }

    /// What applying an action changed, for the enforcement hooks.
    public enum Change: Hashable, Sendable {
        case admitted(GovernanceSubject)
        /// Revoked from `effective` (may be in the future).
        case revoked(GovernanceSubject, effective: UInt64)
        case reinstated(GovernanceSubject)
        case parametersChanged([ParameterSetting])
    }

    public internal(set) var records: [GovernanceSubject: Record] = [:]
    public internal(set) var appliedIDs: Set<Bytes32> = []
    /// Parameters set by parameter changes (name → value); the genesis value holds for the rest.
    public internal(set) var parameters: [String: UInt64] = [:]

    public init() {}

    /// A state from its parts (snapshots, benchmarks, tools). Records made this way were not checked
    /// against any action: only `apply` derives records from verified actions.
    public init(
        records: [GovernanceSubject: Record], appliedIDs: Set<Bytes32>, parameters: [String: UInt64] = [:]
    ) {
        self.records = records
        self.appliedIDs = appliedIDs
        self.parameters = parameters
    }

    /// The latest applied action on `subject`.
    public func record(for subject: GovernanceSubject) -> Record? { records[subject] }

    /// Whether `subject` is revoked at `now`.
    public func isRevoked(_ subject: GovernanceSubject, at now: UInt64) -> Bool {
        records[subject]?.revokes(at: now) ?? false
    }

    /// Every subject whose latest action is a revocation (effective or scheduled), ascending.
    public var revokedSubjects: [GovernanceSubject] {
        records.filter { $0.value.kind == .revoke }.keys.sorted()
    }

    /// Whether `action` would apply, without applying it.
    public func check(_ action: VerifiedGovernanceAction) throws(GovernanceRejection) {
        guard !appliedIDs.contains(action.id) else {
            throw GovernanceRejection(.duplicate, "action \(action.idHex) was already applied")
        }
        let subject = action.subject
        let current = records[subject]
        if let current, action.action.sequence <= current.sequence {
            throw GovernanceRejection(
                .staleSequence,
                "sequence \(action.action.sequence) is not above \(current.sequence), the last applied for \(subject)"
            )
        }
        if action.action.kind == .reinstate, current?.kind != .revoke {
            throw GovernanceRejection(.notRevoked, "\(subject) is not revoked")
        }
    }

    /// Applies `action` if the rules allow it; throws (changing nothing) otherwise.
    @discardableResult
    public mutating func apply(_ action: VerifiedGovernanceAction) throws(GovernanceRejection) -> Change {
        try check(action)
        let document = action.action
        let subject = action.subject
        records[subject] = Record(
            actionID: action.id, kind: document.kind, sequence: document.sequence, created: document.created,
            effective: document.kind == .revoke ? document.effectiveTime : document.created,
            reasonCode: document.reasonCode)
        appliedIDs.insert(action.id)
        switch document.kind {
        case .admit: return .admitted(subject)
        case .revoke: return .revoked(subject, effective: document.effectiveTime)
        case .reinstate: return .reinstated(subject)
        default:
            for setting in document.settings { parameters[setting.name] = setting.value }
            return .parametersChanged(document.settings)
        }
    }
}
