public import SuretyCrypto

/// What a client knows about one relay, from the consensus (or, before the directory existed, a
/// signed relay list): enough to pick paths and to reach and authenticate the relay.
public struct RelayInfo: Sendable, Hashable {
    public var nickname: String
    public var identity: Ed25519.PublicKey
    public var linkKey: X25519.PublicKey
    public var onionKey: X25519.PublicKey
    /// Packed IPv4 (4 bytes) or IPv6 (16 bytes) address of the link port.
    public var address: [UInt8]
    public var port: UInt16
    public var isGuard: Bool
    public var isExit: Bool
    /// Ports this exit may allow (path selection before resolution); nil = any.
    public var exitPorts: ClosedRange<UInt16>?
    /// Operator family: relays of one family are never on one path.
    public var family: String

    public init(
        nickname: String, identity: Ed25519.PublicKey, linkKey: X25519.PublicKey, onionKey: X25519.PublicKey,
        address: [UInt8], port: UInt16, isGuard: Bool = true, isExit: Bool = false,
        exitPorts: ClosedRange<UInt16>? = nil, family: String = ""
    ) {
        self.nickname = nickname
        self.identity = identity
        self.linkKey = linkKey
        self.onionKey = onionKey
        self.address = address
        self.port = port
        self.isGuard = isGuard
        self.isExit = isExit
        self.exitPorts = exitPorts
        self.family = family
    }

    /// The /16 (IPv4) or /32 (IPv6) network, for "no two relays from one subnet".
    var subnet: [UInt8] { address.count == 4 ? Array(address.prefix(2)) : Array(address.prefix(4)) }

    func exitAllows(port: UInt16) -> Bool {
        guard isExit else { return false }
        return exitPorts?.contains(port) ?? true
    }
}

/// Where the client learns the relays (the consensus once the directory runs). Called on the
/// client's event loop.
public protocol RelayDirectory: Sendable {
    /// The usable relays now; throws when the client must not build circuits (e.g. expired consensus).
    func currentRelays() throws -> [RelayInfo]
}

/// A fixed relay list (tests and the early testnet).
public struct StaticRelayDirectory: RelayDirectory {
    public let relays: [RelayInfo]
    public init(relays: [RelayInfo]) { self.relays = relays }
    public func currentRelays() throws -> [RelayInfo] { relays }
}
