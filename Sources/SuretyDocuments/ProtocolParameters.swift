/// Network-wide protocol parameters: set in the genesis document, carried in every vote and
/// consensus (so a parameter change through governance reaches every party with the consensus).
/// Implements Docs/SPEC-DOCUMENTS.md §D.2 (record `params`).
public struct ProtocolParameters: Hashable, Sendable {
    /// Seconds between consensus rounds; valid-after of every round is a multiple of it.
    public var votingInterval: UInt32
    /// Seconds before valid-after at which authorities publish votes; signatures follow at half of it.
    public var voteLead: UInt32
    /// Seconds from valid-after to valid-until: how long an old consensus keeps serving.
    public var consensusLifetime: UInt32
    /// Seconds of one epoch (exit tokens, escrow key rotation).
    public var epochLength: UInt32
    /// Continuous reachability needed for Stable (seconds).
    public var stableUptime: UInt32
    /// Continuous reachability needed for Guard (seconds; Guard also needs Stable and Fast).
    public var guardUptime: UInt32
    /// Bandwidth (bytes/s) needed for Fast.
    public var fastBandwidth: UInt64
    /// Bandwidth (bytes/s) needed for Guard.
    public var guardBandwidth: UInt64
    /// Oldest relay descriptor an authority still votes on (seconds since its `published`).
    public var descriptorLifetime: UInt32
    /// Whether guards admit only links from admitted members (issue 5 §2, default on).
    public var requireMembership: Bool

    public init(
        votingInterval: UInt32, voteLead: UInt32, consensusLifetime: UInt32, epochLength: UInt32,
        stableUptime: UInt32, guardUptime: UInt32, fastBandwidth: UInt64, guardBandwidth: UInt64,
        descriptorLifetime: UInt32, requireMembership: Bool = true
    ) {
        self.votingInterval = votingInterval
        self.voteLead = voteLead
        self.consensusLifetime = consensusLifetime
        self.epochLength = epochLength
        self.stableUptime = stableUptime
        self.guardUptime = guardUptime
        self.fastBandwidth = fastBandwidth
        self.guardBandwidth = guardBandwidth
        self.descriptorLifetime = descriptorLifetime
        self.requireMembership = requireMembership
    }

    /// Production defaults: hourly consensus valid for 3 h, Tor-like uptime thresholds.
    public static let production = ProtocolParameters(
        votingInterval: 3600, voteLead: 600, consensusLifetime: 3 * 3600, epochLength: 86_400,
        stableUptime: 5 * 86_400, guardUptime: 8 * 86_400, fastBandwidth: 100_000, guardBandwidth: 2_000_000,
        descriptorLifetime: 36 * 3600)

    /// Testnet defaults: a round every minute and flags at once, so a local network is usable within seconds.
    public static let testnet = ProtocolParameters(
        votingInterval: 60, voteLead: 20, consensusLifetime: 600, epochLength: 3600, stableUptime: 0,
        guardUptime: 0, fastBandwidth: 0, guardBandwidth: 0, descriptorLifetime: 3600)

    /// Checks the relations between the values (SPEC-DOCUMENTS §D.2).
    public func validate() throws {
        guard votingInterval >= 2 else {
            throw DocumentError(.invalidField, "voting interval must be at least 2 s, got \(votingInterval)")
        }
        guard voteLead >= 2, voteLead < votingInterval else {
            throw DocumentError(.invalidField, "vote lead must be 2 s or more and below the voting interval")
        }
        guard consensusLifetime >= votingInterval else {
            throw DocumentError(.invalidField, "consensus lifetime must be at least one voting interval")
        }
        guard epochLength > 0, descriptorLifetime > 0 else {
            throw DocumentError(.invalidField, "epoch length and descriptor lifetime must be positive")
        }
    }
}
