public import SuretyDirectoryClient
import SuretyDocuments

/// The consensus-backed relay directory (issue 5 §4). Throws, with the reason, when the consensus
/// has expired or none was ever fetched, so the client refuses to build circuits and says why.
/// (SuretyClient's target must list `SuretyDirectoryClient` and `SuretyDocuments` when it is added
/// to Package.swift.)
extension ConsensusRelayDirectory: RelayDirectory {
    public func currentRelays() throws -> [RelayInfo] {
        try usableRelays().compactMap(RelayInfo.init(consensusRelay:))
    }
}

extension RelayInfo {
    /// The client's view of a consensus entry: first address, Guard and Exit flags (an exit with
    /// BadExit is not an exit), exit ports. `exitPorts` is one range here, so a relay accepting
    /// several port ranges is summarised by the smallest range covering them; the exit still
    /// enforces its exact policy and answers EXITPOLICY for the ports in between.
    init?(consensusRelay relay: ConsensusRelay) {
        guard let address = relay.addresses.first else { return nil }
        let isExit = relay.flags.contains(.exit) && !relay.flags.contains(.badExit)
        var exitPorts: ClosedRange<UInt16>?
        if let first = relay.exitPorts.first, let last = relay.exitPorts.last, !(first == 1...65535) {
            exitPorts = first.lowerBound...last.upperBound
        }
        self.init(
            nickname: relay.nickname, identity: relay.identity, linkKey: relay.linkKey, onionKey: relay.onionKey,
            address: address.ip, port: address.port, isGuard: relay.flags.contains(.guardRelay), isExit: isExit,
            exitPorts: exitPorts, family: relay.family)
    }
}
