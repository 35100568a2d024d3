import SuretyCrypto
public import SuretyDirectoryClient
import SuretyDocuments
import SuretyNet
import SuretyWire

/// Governance enforcement in a client (issue 6 §3): the handler a `GovernanceFollower` calls.
/// A revoked relay is dropped from path selection at once; a revocation of this member (or of
/// this device key) makes new requests fail with a SOCKS reply and a log line naming the action.
///
/// ```swift
/// let follower = try GovernanceFollower(
///     configuration: .init(genesis: genesis, statePath: stateDirectory + "/governance.state"),
///     logger: logger, handler: client.governanceHandler())
/// try await follower.catchUp()
/// Task { await follower.run() }
/// ```
extension ClientService {
    public func governanceHandler() -> GovernanceFollower.Handler {
        let memberID = LinkCertificate.memberIDBytes(configuration.memberKey.publicKey)
        let deviceKey = configuration.deviceKey.publicKey.rawRepresentation
        return { [self] event in
            let key = event.subject.key.bytes
            let mine =
                (event.subject.kind == .member && key == memberID)
                || (event.subject.kind == .device && key == deviceKey)
            switch (event.kind, event.subject.kind) {
            case (.revoked, .relay): await relayRevoked(identity: key)
            case (.reinstated, .relay): await relayReinstated(identity: key)
            case (.revoked, _) where mine: await memberRevoked(actionID: event.actionIDHex)
            case (.reinstated, _) where mine: await memberReinstated()
            default: break
            }
        }
    }
}
