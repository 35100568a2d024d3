public import SuretyDirectoryClient
public import SuretyDocuments
public import SuretyNet
import SuretyWire

/// Governance enforcement on a relay (issue 6 §3): the handler a `GovernanceFollower` calls.
///
/// ```swift
/// let follower = try GovernanceFollower(
///     configuration: .init(genesis: genesis, statePath: dataDirectory + "/governance.state"),
///     logger: logger, handler: relay.governanceHandler())
/// try await follower.catchUp()          // before accepting links (state survives restarts)
/// Task { await follower.run() }          // then follow the stream
/// ```
extension RelayServer {
    /// Revocations enforce at once (`enforce`: links closed now, circuits destroyed after random
    /// delays); reinstatements lift them (`reinstate`).
    public func governanceHandler() -> GovernanceFollower.Handler {
        { [self] event in
            guard let subject = Self.revocationSubject(event.subject) else { return }
            switch event.kind {
            case .revoked: await enforce(subject)
            case .reinstated: reinstate(subject)
            case .parametersChanged: break
            }
        }
    }

    /// The relay's revocation subject for a governance subject (nil for the network parameters).
    public static func revocationSubject(_ subject: GovernanceSubject) -> RevocationSet.Subject? {
        switch subject.kind {
        case .member: .member(subject.key.bytes)
        case .device: .device(subject.key.bytes)
        case .relay: .relay(subject.key.bytes)
        default: nil
        }
    }
}
