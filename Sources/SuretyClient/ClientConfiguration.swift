public import NIOCore
public import SuretyCircuit
public import SuretyCrypto

/// Everything `surety-client` needs to run.
public struct ClientConfiguration: Sendable {
    /// SOCKS5 / HTTP CONNECT port; loopback unless the operator says otherwise.
    public var proxyHost: String
    public var proxyPort: Int
    /// The member's identity key signs the device certificate; the device key is the Noise static
    /// key on guard links (DESIGN.md "Links").
    public var memberKey: Ed25519.SigningKey
    public var deviceKey: X25519.PrivateKey
    public var deviceCertificateLifetime: Int64
    public var directory: any RelayDirectory
    public var pathSelector: PathSelector
    public var flowControl: FlowControlParameters
    public var circuitBuildTimeout: TimeAmount
    public var circuitBuildAttempts: Int
    /// How long a stream may wait for CONNECTED.
    public var streamConnectTimeout: TimeAmount
    /// After this long a circuit that carried streams gets no new ones.
    public var maxCircuitDirtiness: TimeAmount
    /// Clean circuits kept ready for new isolation keys.
    public var preemptiveCircuits: Int
    /// Size of the persistent guard set.
    public var guardCount: Int
    /// Where the guard set is stored (nil: in memory only).
    public var guardStatePath: String?
    /// Local proxy handshakes must finish within this time; at most this many may be pending.
    public var proxyHandshakeTimeout: TimeAmount
    public var maxPendingProxyHandshakes: Int

    public init(
        proxyHost: String = "127.0.0.1", proxyPort: Int = 9050, memberKey: Ed25519.SigningKey = .init(),
        deviceKey: X25519.PrivateKey = .init(), deviceCertificateLifetime: Int64 = 86_400,
        directory: any RelayDirectory, pathSelector: PathSelector = .init(),
        flowControl: FlowControlParameters = .default, circuitBuildTimeout: TimeAmount = .seconds(10),
        circuitBuildAttempts: Int = 3, streamConnectTimeout: TimeAmount = .seconds(30),
        maxCircuitDirtiness: TimeAmount = .minutes(10), preemptiveCircuits: Int = 2, guardCount: Int = 3,
        guardStatePath: String? = nil, proxyHandshakeTimeout: TimeAmount = .seconds(30),
        maxPendingProxyHandshakes: Int = 256
    ) {
        self.proxyHost = proxyHost
        self.proxyPort = proxyPort
        self.memberKey = memberKey
        self.deviceKey = deviceKey
        self.deviceCertificateLifetime = deviceCertificateLifetime
        self.directory = directory
        self.pathSelector = pathSelector
        self.flowControl = flowControl
        self.circuitBuildTimeout = circuitBuildTimeout
        self.circuitBuildAttempts = circuitBuildAttempts
        self.streamConnectTimeout = streamConnectTimeout
        self.maxCircuitDirtiness = maxCircuitDirtiness
        self.preemptiveCircuits = preemptiveCircuits
        self.guardCount = guardCount
        self.guardStatePath = guardStatePath
        self.proxyHandshakeTimeout = proxyHandshakeTimeout
        self.maxPendingProxyHandshakes = maxPendingProxyHandshakes
    }
}

/// Why a stream could not be opened; the proxy front end maps it to a SOCKS reply / HTTP status.
public enum StreamFailure: Error, Sendable, Equatable {
    case generalFailure(String)
    case notAllowedByExitPolicy
    case networkUnreachable
    case hostUnreachable
    case connectionRefused
    case timedOut
    /// The member was revoked (reserved for the governance issue).
    case revoked(String)

    /// From an END reason (Docs/SPEC.md §9).
    static func fromEndReason(_ reason: UInt8) -> StreamFailure {
        switch reason {
        case EndReasonNumber.exitPolicy: return .notAllowedByExitPolicy
        case EndReasonNumber.resolveFailed: return .hostUnreachable
        case EndReasonNumber.connectRefused: return .connectionRefused
        case EndReasonNumber.timeout: return .timedOut
        case EndReasonNumber.noRoute: return .networkUnreachable
        default: return .generalFailure("stream ended by the exit (reason \(reason))")
        }
    }
}
