public import SuretyCrypto
public import SuretyWire

/// The network status every client and relay uses: relays with flags and weights, the member set
/// root, the governance log head and the parameters, signed by a majority of genesis authorities.
///
/// Implements Docs/SPEC-DOCUMENTS.md §D.7 (doctype `consensus`, version 1). Computed from votes by
/// `ConsensusBuilder` (the same bytes on every authority) and valid only with ⌊n/2⌋ + 1 signatures.
public struct Consensus: Hashable, Sendable, CanonicalDocument {
    public static let documentType = "consensus"
    public static let version: UInt16 = 1
    public static let maximumRelays = 100_000

    public var period: ConsensusPeriod
    /// Ascending by identity, one entry per relay.
    public var relays: [ConsensusRelay]
    public var membership: MembershipSummary
    public var governanceLog: GovernanceLogHead
    public var parameters: ProtocolParameters
    /// Identity keys of the authorities whose votes were combined, ascending.
    public var voters: [[UInt8]]
    /// Governance actions this round appends to the log after `governanceLog` (ascending by id;
    /// authorities append them ordered by sequence, then id: Docs/SPEC-GOVERNANCE.md §G.4).
    public var governanceAppends: [Bytes32]

    public init(
        period: ConsensusPeriod, relays: [ConsensusRelay], membership: MembershipSummary,
        governanceLog: GovernanceLogHead, parameters: ProtocolParameters, voters: [[UInt8]],
        governanceAppends: [Bytes32] = []
    ) {
        self.period = period
        self.relays = relays.sorted {
            $0.identity.rawRepresentation.lexicographicallyPrecedes($1.identity.rawRepresentation)
        }
        self.membership = membership
        self.governanceLog = governanceLog
        self.parameters = parameters
        self.voters = voters.sorted { $0.lexicographicallyPrecedes($1) }
        self.governanceAppends = Array(Set(governanceAppends)).sorted()
    }

    /// The entry for a relay identity, if listed.
    public func relay(_ identity: Ed25519.PublicKey) -> ConsensusRelay? {
        relays.first { $0.identity == identity }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try period.encode(canonical: &w, tags: (2, 4, 6))
        try w.encodeOptionalList(records: relays, tag: 8)
        try membership.encode(canonical: &w, tags: (10, 12))
        try governanceLog.encode(canonical: &w, tags: (14, 16))
        try w.encode(record: parameters, tag: 18)
        try w.encodeList(voters, tag: 20, sorted: true)
        try w.encodeOptionalList(governanceAppends, tag: 21, sorted: true)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        period = try ConsensusPeriod(canonical: &r, tags: (2, 4, 6))
        relays = try r.records(ConsensusRelay.self, tag: 8, maximumCount: Self.maximumRelays)
        guard
            zip(relays, relays.dropFirst()).allSatisfy({
                $0.identity.rawRepresentation.lexicographicallyPrecedes($1.identity.rawRepresentation)
            })
        else { throw DocumentError(.malformed, "consensus relays must be strictly ascending by identity") }
        membership = try MembershipSummary(canonical: &r, tags: (10, 12))
        governanceLog = try GovernanceLogHead(canonical: &r, tags: (14, 16))
        parameters = try r.decode(record: ProtocolParameters.self, tag: 18)
        voters = try r.list(20, maximumCount: Genesis.maximumParties, sorted: true)
        guard voters.allSatisfy({ $0.count == 32 }) else {
            throw DocumentError(.malformed, "voter keys are 32 bytes")
        }
        governanceAppends = try r.decodeListIfPresent(Bytes32.self, tag: 21, sorted: true) ?? []
        guard governanceAppends.count <= GovernanceLogUpdate.maximumPending else {
            throw DocumentError(.malformed, "a consensus appends at most \(GovernanceLogUpdate.maximumPending) actions")
        }
    }
}

/// One relay in the consensus (record of Docs/SPEC-DOCUMENTS.md §D.7): what a client needs to
/// choose paths and to reach and authenticate the relay.
public struct ConsensusRelay: Hashable, Sendable, CanonicalRecord {
    public var identity: Ed25519.PublicKey
    public var nickname: String
    public var linkKey: X25519.PublicKey
    public var onionKey: X25519.PublicKey
    public var addresses: [RelayAddress]
    public var flags: RelayFlags
    /// Path-selection weight (bytes/s: the median of the authorities' measurements).
    public var weight: UInt64
    /// Id (SPEC §7.9) of the descriptor this entry was made from.
    public var descriptorID: [UInt8]
    /// `published` of that descriptor.
    public var published: UInt64
    public var family: String
    /// Ports a general destination may use at this exit (empty for non-exits), ascending, merged.
    public var exitPorts: [ClosedRange<UInt16>]
    public var operatorID: [UInt8]

    public init(
        identity: Ed25519.PublicKey, nickname: String, linkKey: X25519.PublicKey, onionKey: X25519.PublicKey,
        addresses: [RelayAddress], flags: RelayFlags, weight: UInt64, descriptorID: [UInt8], published: UInt64,
        family: String, exitPorts: [ClosedRange<UInt16>], operatorID: [UInt8]
    ) {
        self.identity = identity
        self.nickname = nickname
        self.linkKey = linkKey
        self.onionKey = onionKey
        self.addresses = addresses
        self.flags = flags
        self.weight = weight
        self.descriptorID = descriptorID
        self.published = published
        self.family = family
        self.exitPorts = exitPorts
        self.operatorID = operatorID
    }

    /// The entry for `descriptor` (whose id is `descriptorID`) with the agreed flags and weight.
    public init(descriptor: RelayDescriptor, descriptorID: [UInt8], flags: RelayFlags, weight: UInt64) {
        self.init(
            identity: descriptor.identity, nickname: descriptor.nickname, linkKey: descriptor.linkKey,
            onionKey: descriptor.onionKey, addresses: descriptor.addresses, flags: flags, weight: weight,
            descriptorID: descriptorID, published: descriptor.published, family: descriptor.effectiveFamily,
            exitPorts: flags.contains(.exit) ? descriptor.exitPolicy.acceptedPorts : [],
            operatorID: descriptor.operatorID)
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(identity.rawRepresentation, tag: 2)
        try w.encode(nickname, tag: 4)
        try w.encode(linkKey.rawRepresentation, tag: 6)
        try w.encode(onionKey.rawRepresentation, tag: 8)
        try w.encodeList(addresses.map(\.encoded), tag: 10)
        try w.encode(flags.rawValue, tag: 12)
        try w.encode(weight, tag: 14)
        try w.encode(descriptorID, tag: 16)
        try w.encode(published, tag: 18)
        try w.encode(family, tag: 20)
        try w.encodeOptionalList(
            exitPorts.map { range -> [UInt8] in
                var bytes: [UInt8] = []
                range.lowerBound.appendCanonicalValue(to: &bytes)
                range.upperBound.appendCanonicalValue(to: &bytes)
                return bytes
            }, tag: 22)
        try w.encode(operatorID, tag: 24)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        identity = try r.ed25519Key(2)
        nickname = try r.decode(String.self, tag: 4)
        linkKey = try r.x25519Key(6)
        onionKey = try r.x25519Key(8)
        addresses = try r.list(10, maximumCount: 8).map(RelayAddress.init(encoded:))
        flags = RelayFlags(rawValue: try r.decode(UInt16.self, tag: 12))
        weight = try r.decode(UInt64.self, tag: 14)
        descriptorID = try r.bytes(16, count: 32)
        published = try r.decode(UInt64.self, tag: 18)
        family = try r.decode(String.self, tag: 20)
        exitPorts = try (r.listIfPresent(22, maximumCount: ExitPolicy.maximumRules) ?? []).map { bytes in
            guard bytes.count == 4 else { throw DocumentError(.malformed, "a port range is 4 bytes") }
            let low = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            let high = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
            guard low >= 1, low <= high else { throw DocumentError(.malformed, "bad port range \(low)-\(high)") }
            return low...high
        }
        guard zip(exitPorts, exitPorts.dropFirst()).allSatisfy({ Int($0.upperBound) + 1 < Int($1.lowerBound) }) else {
            throw DocumentError(.malformed, "exit port ranges must be ascending and merged")
        }
        operatorID = try r.bytes(24, count: 32)
    }
}
