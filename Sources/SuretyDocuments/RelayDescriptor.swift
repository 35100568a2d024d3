public import SuretyCrypto
public import SuretyWire

/// What a relay says about itself, signed by its identity key and uploaded to every authority.
///
/// Implements Docs/SPEC-DOCUMENTS.md §D.3 (doctype `relay-descriptor`, version 1). The signer is
/// the identity key inside the body; the authority checks that the operator is an admitted member.
public struct RelayDescriptor: Hashable, Sendable, CanonicalDocument {
    public static let documentType = "relay-descriptor"
    public static let version: UInt16 = 1
    /// Largest signed descriptor an authority accepts (envelope bytes).
    public static let maximumSize = 16 * 1024

    public var identity: Ed25519.PublicKey
    /// X25519 Noise static key of the relay's links (SPEC §2.5).
    public var linkKey: X25519.PublicKey
    /// X25519 hop-handshake key (SPEC §4.2).
    public var onionKey: X25519.PublicKey
    /// 1–32 bytes of `A–Z a–z 0–9 - _`.
    public var nickname: String
    /// Link addresses, 1–8.
    public var addresses: [RelayAddress]
    /// Time of signing; an authority keeps only the newest descriptor per relay (replay protection).
    public var published: UInt64
    public var exitPolicy: ExitPolicy
    /// Bytes per second the operator says the relay can carry.
    public var declaredBandwidth: UInt64
    /// BLAKE2b-256 of the operator's member key (SPEC §2.6 member id).
    public var operatorID: [UInt8]
    /// Operator-chosen family name; relays of one family never share a path. Empty: the operator id is the family.
    public var family: String
    /// Addresses exit traffic leaves from (for abuse handling), 0–8 packed IPv4/IPv6 addresses.
    public var egressAddresses: [[UInt8]]
    /// Whether the relay offers to be an exit.
    public var wantsExit: Bool
    /// Software and platform, e.g. "surety 0.1 linux" (informational, non-critical).
    public var platform: String

    public init(
        identity: Ed25519.PublicKey, linkKey: X25519.PublicKey, onionKey: X25519.PublicKey, nickname: String,
        addresses: [RelayAddress], published: UInt64, exitPolicy: ExitPolicy = .rejectAll,
        declaredBandwidth: UInt64, operatorID: [UInt8], family: String = "", egressAddresses: [[UInt8]] = [],
        wantsExit: Bool = false, platform: String = ""
    ) throws {
        self.identity = identity
        self.linkKey = linkKey
        self.onionKey = onionKey
        self.nickname = nickname
        self.addresses = addresses
        self.published = published
        self.exitPolicy = exitPolicy
        self.declaredBandwidth = declaredBandwidth
        self.operatorID = operatorID
        self.family = family
        self.egressAddresses = egressAddresses
        self.wantsExit = wantsExit
        self.platform = platform
        try validate()
    }

    /// The family relays of this descriptor belong to: the declared one, else the operator's id.
    public var effectiveFamily: String { family.isEmpty ? HexString.encode(operatorID) : family }

    func validate() throws {
        guard (1...32).contains(nickname.utf8.count),
            nickname.utf8.allSatisfy({ c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d
                    || c == 0x5f
            })
        else { throw DocumentError(.invalidField, "nickname must be 1–32 bytes of A–Z a–z 0–9 - _") }
        guard (1...8).contains(addresses.count) else {
            throw DocumentError(.invalidField, "a descriptor lists 1–8 addresses, got \(addresses.count)")
        }
        guard operatorID.count == 32 else { throw DocumentError(.invalidField, "operator id must be 32 bytes") }
        guard family.utf8.count <= 64 else { throw DocumentError(.invalidField, "family is at most 64 bytes") }
        guard egressAddresses.count <= 8, egressAddresses.allSatisfy({ $0.count == 4 || $0.count == 16 }) else {
            throw DocumentError(.invalidField, "0–8 egress addresses of 4 or 16 bytes")
        }
        guard platform.utf8.count <= 128 else { throw DocumentError(.invalidField, "platform is at most 128 bytes") }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(identity.rawRepresentation, tag: 2)
        try w.encode(linkKey.rawRepresentation, tag: 4)
        try w.encode(onionKey.rawRepresentation, tag: 6)
        try w.encode(nickname, tag: 8)
        try w.encodeList(addresses.map(\.encoded), tag: 10)
        try w.encode(published, tag: 12)
        try w.encodeOptionalList(exitPolicy.text, tag: 14)
        try w.encode(declaredBandwidth, tag: 16)
        try w.encode(operatorID, tag: 18)
        if !family.isEmpty { try w.encode(family, tag: 20) }
        if !egressAddresses.isEmpty { try w.encodeList(egressAddresses, tag: 22) }
        try w.encode(wantsExit, tag: 24)
        if !platform.isEmpty { try w.encode(platform, tag: 25) }
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        identity = try r.ed25519Key(2)
        linkKey = try r.x25519Key(4)
        onionKey = try r.x25519Key(6)
        nickname = try r.decode(String.self, tag: 8)
        addresses = try r.list(10, maximumCount: 8).map(RelayAddress.init(encoded:))
        published = try r.decode(UInt64.self, tag: 12)
        exitPolicy = try ExitPolicy(try r.decodeListIfPresent(String.self, tag: 14) ?? [])
        declaredBandwidth = try r.decode(UInt64.self, tag: 16)
        operatorID = try r.bytes(18, count: 32)
        let family = try r.decodeIfPresent(String.self, tag: 20)
        let egress = try r.listIfPresent(22, maximumCount: 8)
        wantsExit = try r.decode(Bool.self, tag: 24)
        let platform = try r.decodeIfPresent(String.self, tag: 25)
        // Optional fields are omitted when empty; a present empty one would not re-encode to itself.
        guard family != "", egress?.isEmpty != true, platform != "" else {
            throw DocumentError(.malformed, "an optional field is present but empty")
        }
        self.family = family ?? ""
        egressAddresses = egress ?? []
        self.platform = platform ?? ""
        try validate()
    }
}
