public import SuretyCrypto
public import SuretyDocuments

/// What one authority needs to run (built by `surety-dir` from its TOML config, or by tests).
public struct DirectoryConfiguration: Sendable {
    /// The verified genesis; this authority must be one of its authorities.
    public var genesis: Genesis
    /// This authority's identity key (signs votes and the consensus).
    public var identityKey: Ed25519.SigningKey
    /// Peer HTTP addresses by identity key; defaults to the genesis addresses.
    public var peerAddresses: [Ed25519.PublicKey: String]
    /// Largest request body per endpoint class (bytes).
    public var maximumDescriptorSize = RelayDescriptor.maximumSize
    public var maximumActionSize = GovernanceAction.maximumSize
    public var maximumVoteSize = 8 << 20
    /// Descriptor uploads per relay: token bucket refill interval (seconds per upload) and burst.
    public var descriptorUploadInterval: Double = 10
    public var descriptorUploadBurst: Double = 6
    /// Largest clock skew tolerated on a descriptor's `published` (seconds, SPEC §8 MAX_CLOCK_SKEW).
    public var maximumClockSkew: UInt64 = 300
    /// Whether to test relays over Noise links (off: every relay with a fresh descriptor counts as Running).
    public var testReachability = true
    /// Relays this authority marks BadExit (identity keys), from its operator's configuration.
    public var badExits: Set<[UInt8]> = []
    /// Current Unix time (tests may shift it).
    public var clock: @Sendable () -> UInt64 = { UInt64(Clock.now()) }

    public init(genesis: Genesis, identityKey: Ed25519.SigningKey) {
        self.genesis = genesis
        self.identityKey = identityKey
        var peers: [Ed25519.PublicKey: String] = [:]
        for authority in genesis.authorities where authority.identity != identityKey.publicKey {
            peers[authority.identity] = authority.address
        }
        peerAddresses = peers
    }
}
