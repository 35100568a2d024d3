import SuretyCrypto
public import SuretyDocuments
public import SuretyWire

/// What a `GovernanceFollower` tells its owner to enforce. A relay maps `.revoked` of a member,
/// device or relay to `RelayServer.enforce` and `.reinstated` to `RelayServer.reinstate`; a
/// client maps them to `ClientService.memberRevoked` / `relayRevoked` and their inverses.
public struct GovernanceEvent: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Stop serving the subject now.
        case revoked
        /// Serve the subject again (appeal upheld, or a provisional revocation lost to the log).
        case reinstated
        /// The network's parameters changed (logged actions only).
        case parametersChanged
    }

    public var kind: Kind
    public var subject: GovernanceSubject
    /// The action that caused it (for log lines and the client's error message).
    public var actionID: Bytes32
    public var reasonCode: GovernanceReason?
    /// Whether the action already has a log position (false: enforced on verification alone).
    public var isLogged: Bool

    public init(
        kind: Kind, subject: GovernanceSubject, actionID: Bytes32, reasonCode: GovernanceReason?, isLogged: Bool
    ) {
        self.kind = kind
        self.subject = subject
        self.actionID = actionID
        self.reasonCode = reasonCode
        self.isLogged = isLogged
    }

    /// The action id as lower-case hex.
    public var actionIDHex: String { HexString.encode(actionID.bytes) }

    public var description: String { "\(kind) \(subject.kind) by action \(actionIDHex.prefix(16))" }
}
