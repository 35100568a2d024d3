import SuretyDocuments

/// How one authority assigns flags (Docs/SPEC-DOCUMENTS.md §D.6 "flag thresholds"):
///
/// - Running: the last reachability test succeeded, within the last two voting intervals (or,
///   with testing off, the descriptor is fresh);
/// - Valid: the operator is an admitted member with the operator role, certificate unexpired;
/// - Fast: declared bandwidth ≥ `fastBandwidth` (v1 has no bandwidth scanner; the authority uses
///   the declared value, so Fast and weights are only as honest as operators until it does);
/// - Stable: Running continuously for at least `stableUptime`;
/// - Guard: Stable, Fast, Running for `guardUptime`, bandwidth ≥ `guardBandwidth`;
/// - Exit: the descriptor asks for it and its policy accepts some port for general destinations;
/// - BadExit: listed in this authority's configuration.
enum RelayFlagPolicy {
    static func flags(
        descriptor: RelayDescriptor, status: RelayStatus?, operatorRoles: UInt8?, operatorValidUntil: UInt64?,
        badExit: Bool, reachabilityTested: Bool, parameters: ProtocolParameters, now: UInt64
    ) -> RelayFlags {
        var flags = RelayFlags()
        let uptime: UInt64
        if reachabilityTested {
            if let status, let since = status.runningSince, let last = status.lastSuccess,
                last + 2 * UInt64(parameters.votingInterval) >= now
            {
                flags.insert(.running)
                uptime = now >= since ? now - since : 0
            } else {
                uptime = 0
            }
        } else {
            flags.insert(.running)
            uptime = now >= descriptor.published ? now - descriptor.published : 0
        }
        if let roles = operatorRoles, MemberCertificate.Roles(rawValue: roles).contains(.operator),
            let until = operatorValidUntil, until > now
        {
            flags.insert(.valid)
        }
        let bandwidth = descriptor.declaredBandwidth
        if bandwidth >= parameters.fastBandwidth { flags.insert(.fast) }
        if flags.contains(.running), uptime >= UInt64(parameters.stableUptime) { flags.insert(.stable) }
        if flags.isSuperset(of: [.running, .stable, .fast]), uptime >= UInt64(parameters.guardUptime),
            bandwidth >= parameters.guardBandwidth
        {
            flags.insert(.guardRelay)
        }
        if descriptor.wantsExit, !descriptor.exitPolicy.acceptedPorts.isEmpty { flags.insert(.exit) }
        if badExit { flags.insert(.badExit) }
        return flags
    }
}
