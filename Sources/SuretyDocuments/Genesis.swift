public import SuretyCrypto
public import SuretyWire

/// The genesis document: the network's root of trust, created once by `surety-admin genesis`
/// (DESIGN.md "Directory, membership, governance"). Every daemon is configured with it and pins its id.
///
/// Implements Docs/SPEC-DOCUMENTS.md §D.1 (doctype `genesis`, version 1). Signed by at least
/// `adminThreshold` of its own admins (SPEC §7.11).
public struct Genesis: Hashable, Sendable, CanonicalDocument {
    public static let documentType = "genesis"
    public static let version: UInt16 = 1

    /// Most authorities and admins a genesis may list: a signature block holds at most 64 entries (SPEC §7.6).
    public static let maximumParties = 64

    /// Human name of the network, e.g. "surety-testnet" (1–64 bytes).
    public var networkName: String
    public var created: UInt64
    /// Testnets may use a dealer for the governance key; production genesis files say so here.
    public var isTestnet: Bool
    public var authorities: [AuthorityEntry]
    public var admins: [AdminEntry]
    /// k: admin signatures needed for a governance action (k of m = admins.count).
    public var adminThreshold: Int
    /// Y, the escrow group key shared k-of-m among the admins (share i belongs to admins[i-1]).
    public var governanceKey: EscrowGroupKey
    public var parameters: ProtocolParameters

    public init(
        networkName: String, created: UInt64, isTestnet: Bool, authorities: [AuthorityEntry], admins: [AdminEntry],
        adminThreshold: Int, governanceKey: EscrowGroupKey, parameters: ProtocolParameters
    ) throws {
        self.networkName = networkName
        self.created = created
        self.isTestnet = isTestnet
        self.authorities = authorities
        self.admins = admins
        self.adminThreshold = adminThreshold
        self.governanceKey = governanceKey
        self.parameters = parameters
        try validate()
    }

    /// The authorities' signature policy for votes (k = 1) and consensus documents (k = ⌊n/2⌋ + 1).
    public var consensusPolicy: SignaturePolicy {
        get throws {
            try SignaturePolicy(
                signers: authorities.map { DocumentSigning.keyID($0.identity) }, threshold: authorities.count / 2 + 1)
        }
    }

    /// The majority a consensus needs: ⌊n/2⌋ + 1 of the n genesis authorities.
    public var majority: Int { authorities.count / 2 + 1 }

    /// k of the genesis admins (SPEC §7.11: genesis, member-cert and governance-action).
    public var adminPolicy: SignaturePolicy {
        get throws {
            try SignaturePolicy(signers: admins.map { DocumentSigning.keyID($0.key) }, threshold: adminThreshold)
        }
    }

    /// The authority with this identity key, if any.
    public func authority(_ identity: Ed25519.PublicKey) -> AuthorityEntry? {
        authorities.first { $0.identity == identity }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(networkName, tag: 2)
        try w.encode(created, tag: 4)
        try w.encode(isTestnet, tag: 6)
        try w.encodeList(records: authorities, tag: 8)
        try w.encodeList(records: admins, tag: 10)
        try w.encode(UInt16(adminThreshold), tag: 12)
        try w.encodeRecord(tag: 14) { w in
            try w.encode(governanceKey.publicKey.encoded, tag: 2)
            try w.encode(UInt16(governanceKey.threshold), tag: 4)
            try w.encodeList(governanceKey.verificationKeys.map(\.encoded), tag: 6)
        }
        try w.encode(record: parameters, tag: 16)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        networkName = try r.decode(String.self, tag: 2)
        created = try r.decode(UInt64.self, tag: 4)
        isTestnet = try r.decode(Bool.self, tag: 6)
        authorities = try r.records(AuthorityEntry.self, tag: 8, maximumCount: Self.maximumParties)
        admins = try r.records(AdminEntry.self, tag: 10, maximumCount: Self.maximumParties)
        adminThreshold = Int(try r.decode(UInt16.self, tag: 12))
        governanceKey = try r.decodeRecord(tag: 14) { r in
            let publicKey = try r.bytes(2, count: Ristretto255.pointByteCount)
            let threshold = Int(try r.decode(UInt16.self, tag: 4))
            let verificationKeys = try r.list(6, maximumCount: Self.maximumParties)
            do {
                return try EscrowGroupKey(
                    publicKey: Ristretto255.Point(encoded: publicKey), threshold: threshold,
                    verificationKeys: verificationKeys.map { try Ristretto255.Point(encoded: $0) })
            } catch {
                throw DocumentError(.invalidField, "governance key: \(error)")
            }
        }
        parameters = try r.decode(record: ProtocolParameters.self, tag: 16)
        try validate()
    }

    func validate() throws {
        guard (1...64).contains(networkName.utf8.count) else {
            throw DocumentError(.invalidField, "network name must be 1–64 bytes")
        }
        guard (1...Self.maximumParties).contains(authorities.count) else {
            throw DocumentError(.invalidField, "a genesis lists 1–64 authorities, got \(authorities.count)")
        }
        guard (1...Self.maximumParties).contains(admins.count) else {
            throw DocumentError(.invalidField, "a genesis lists 1–64 admins, got \(admins.count)")
        }
        guard Set(authorities.map(\.identity)).count == authorities.count else {
            throw DocumentError(.invalidField, "an authority identity key appears twice")
        }
        guard Set(authorities.map(\.name)).count == authorities.count else {
            throw DocumentError(.invalidField, "an authority name appears twice")
        }
        guard Set(admins.map(\.key)).count == admins.count else {
            throw DocumentError(.invalidField, "an admin key appears twice")
        }
        guard (1...admins.count).contains(adminThreshold) else {
            throw DocumentError(.invalidField, "admin threshold must be 1…\(admins.count), got \(adminThreshold)")
        }
        guard governanceKey.adminCount == admins.count, governanceKey.threshold == adminThreshold else {
            throw DocumentError(
                .invalidField, "the governance key must be shared \(adminThreshold)-of-\(admins.count) among the admins"
            )
        }
        try parameters.validate()
    }
}

/// One directory authority in the genesis (SPEC-DOCUMENTS §D.1 record `authority`).
public struct AuthorityEntry: Hashable, Sendable, CanonicalRecord {
    /// Short name for logs and the status page (1–32 bytes).
    public var name: String
    /// Ed25519 key that signs votes and consensus documents.
    public var identity: Ed25519.PublicKey
    /// Where its HTTP directory service listens, "host:port" (SPEC §1.6).
    public var address: String

    public init(name: String, identity: Ed25519.PublicKey, address: String) {
        self.name = name
        self.identity = identity
        self.address = address
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(name, tag: 2)
        try w.encode(identity.rawRepresentation, tag: 4)
        try w.encode(address, tag: 6)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        name = try r.decode(String.self, tag: 2)
        identity = try r.ed25519Key(4)
        address = try r.decode(String.self, tag: 6)
        guard (1...32).contains(name.utf8.count) else {
            throw DocumentError(.invalidField, "authority name must be 1–32 bytes")
        }
        guard HostPort(address) != nil else {
            throw DocumentError(.invalidField, "authority address \"\(address)\" is not host:port")
        }
    }
}

/// One governance admin in the genesis (SPEC-DOCUMENTS §D.1 record `admin`).
public struct AdminEntry: Hashable, Sendable, CanonicalRecord {
    public var name: String
    /// Ed25519 key that signs governance actions.
    public var key: Ed25519.PublicKey

    public init(name: String, key: Ed25519.PublicKey) {
        self.name = name
        self.key = key
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(name, tag: 2)
        try w.encode(key.rawRepresentation, tag: 4)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        name = try r.decode(String.self, tag: 2)
        key = try r.ed25519Key(4)
        guard (1...32).contains(name.utf8.count) else {
            throw DocumentError(.invalidField, "admin name must be 1–32 bytes")
        }
    }
}
