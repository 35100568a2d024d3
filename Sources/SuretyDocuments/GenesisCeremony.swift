public import SuretyCrypto
public import SuretyWire

/// Creates a genesis document and the parties' secrets (what `surety-admin genesis` does): an
/// Ed25519 key per authority and admin (or the public keys the parties bring), a dealer-mode
/// k-of-m Shamir sharing of the governance (escrow) key Y, and the genesis signed by the admins
/// whose keys were generated here.
///
/// Dealer mode means this process sees the escrow secret: acceptable for testnets only; a
/// production genesis should use admin keys generated on the admins' own machines and, once it
/// exists, a DKG for Y (DESIGN.md "Escrow"). Docs/DIRECTORY.md describes the ceremony.
public struct GenesisCeremony: Sendable {
    public struct Party: Sendable {
        public var name: String
        /// "host:port" of the authority's HTTP service (authorities only).
        public var address: String
        /// The party's own public key; nil: generate a key pair here.
        public var publicKey: Ed25519.PublicKey?

        public init(name: String, address: String = "", publicKey: Ed25519.PublicKey? = nil) {
            self.name = name
            self.address = address
            self.publicKey = publicKey
        }
    }

    /// The outcome. Secret parts are only present for keys generated here.
    public struct Result: Sendable {
        public let genesis: Genesis
        /// The genesis envelope, signed by every admin whose key was generated here.
        public let envelope: SignedEnvelope
        /// Parallel to `genesis.authorities`; nil where the party brought its own key.
        public let authorityKeys: [Ed25519.SigningKey?]
        /// Parallel to `genesis.admins`.
        public let adminKeys: [Ed25519.SigningKey?]
        /// Share i of the governance key for admin i (index i, position i − 1).
        public let governanceShares: [EscrowKeyShare]
    }

    public static func run(
        networkName: String, isTestnet: Bool, authorities: [Party], admins: [Party], threshold: Int,
        parameters: ProtocolParameters, created: UInt64
    ) throws -> Result {
        let authorityKeys = authorities.map { $0.publicKey == nil ? Ed25519.SigningKey() : nil }
        let adminKeys = admins.map { $0.publicKey == nil ? Ed25519.SigningKey() : nil }
        let dealing = try Shamir.deal(threshold: threshold, shareCount: admins.count)
        let genesis = try Genesis(
            networkName: networkName, created: created, isTestnet: isTestnet,
            authorities: zip(authorities, authorityKeys).map { party, key in
                AuthorityEntry(name: party.name, identity: party.publicKey ?? key!.publicKey, address: party.address)
            },
            admins: zip(admins, adminKeys).map { party, key in
                AdminEntry(name: party.name, key: party.publicKey ?? key!.publicKey)
            },
            adminThreshold: threshold, governanceKey: dealing.groupKey, parameters: parameters)
        let envelope = try DocumentSigning.sign(genesis, with: adminKeys.compactMap { $0 })
        return Result(
            genesis: genesis, envelope: envelope, authorityKeys: authorityKeys, adminKeys: adminKeys,
            governanceShares: dealing.shares)
    }
}

extension Genesis {
    /// Verifies a genesis envelope: it must carry valid signatures of at least `adminThreshold` of
    /// its own admins (SPEC §7.11). The trust in *which* genesis is right comes from distributing
    /// the file (and pinning its id, `DocumentSigning.documentID`) out of band.
    public static func verify(_ bytes: [UInt8]) throws -> Verified<Genesis> {
        let unverified = try Unverified<Genesis>(decoding: bytes)
        return try unverified.verify(using: DocumentSigning.verifier) { try $0.adminPolicy }
    }
}
