public import NIOCore
public import SuretyCircuit
public import SuretyCrypto
public import SuretyNet

/// Everything a relay needs to run (built by `surety-relay` from its TOML config and key files).
public struct RelayConfiguration: Sendable {
    public var nickname: String
    /// Address the link listener binds.
    public var listenHost: String
    /// Port for links; 0 picks a free port (tests).
    public var listenPort: Int
    public var identityKey: Ed25519.SigningKey
    /// Noise static key of links (certified by the identity key).
    public var linkKey: X25519.PrivateKey
    /// Hop-handshake key (Noise NK responder key).
    public var onionKey: X25519.PrivateKey
    /// Whether this relay opens exit streams.
    public var isExit: Bool
    /// Decides whether the exit may connect to a resolved destination.
    public var exitAllows: @Sendable (SocketAddress) -> Bool
    public var limits: RelayLimits
    public var flowControl: FlowControlParameters
    /// Decides whether a client (member device) link may connect; nil: accept any certified device.
    public var admitMember: (@Sendable ([UInt8]) -> Bool)?
    /// Revoked members, device keys and relays, enforced on every link handshake and EXTEND.
    public var revocations: RevocationSet
    /// Upper bound of the independent random delays after which a revoked member's circuits are
    /// destroyed (DESIGN.md "Revocation enforcement": not all at once, so other relays cannot
    /// single them out).
    public var revocationTeardownDelay: TimeAmount

    public init(
        nickname: String, listenHost: String = "127.0.0.1", listenPort: Int = 0,
        identityKey: Ed25519.SigningKey = .init(), linkKey: X25519.PrivateKey = .init(),
        onionKey: X25519.PrivateKey = .init(), isExit: Bool = false,
        exitAllows: @escaping @Sendable (SocketAddress) -> Bool = { _ in false }, limits: RelayLimits = .init(),
        flowControl: FlowControlParameters = .default, admitMember: (@Sendable ([UInt8]) -> Bool)? = nil,
        revocations: RevocationSet = RevocationSet(), revocationTeardownDelay: TimeAmount = .seconds(10)
    ) {
        self.revocations = revocations
        self.revocationTeardownDelay = revocationTeardownDelay
        self.nickname = nickname
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.identityKey = identityKey
        self.linkKey = linkKey
        self.onionKey = onionKey
        self.isExit = isExit
        self.exitAllows = exitAllows
        self.limits = limits
        self.flowControl = flowControl
        self.admitMember = admitMember
    }
}

/// Resource limits (Docs/SPEC.md §8; defaults documented in Docs/CONFIG.md).
public struct RelayLimits: Sendable {
    public var maxCircuitsPerLink = 16384
    public var maxStreamsPerCircuit = 500
    /// CREATE cells accepted per link per second (token bucket rate) and burst.
    public var createsPerSecond = 50.0
    public var createBurst = 200.0
    /// Relay bandwidth rate and burst in bytes per second (0 = unlimited).
    public var bandwidthRate = 0
    public var bandwidthBurst = 0
    /// How long an exit waits for a destination connection.
    public var connectTimeout: TimeAmount = .seconds(10)
    /// How long a relay waits to open a link for EXTEND.
    public var extendTimeout: TimeAmount = .seconds(10)
    /// Link handshake deadline.
    public var handshakeTimeout: TimeAmount = .seconds(10)

    public init() {}
}
