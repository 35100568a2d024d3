import ArgumentParser
import Foundation
import Logging
import SuretyCrypto
import SuretyDirectoryClient
import SuretyDocuments
import SuretyService
import SuretyWire

/// `surety-admin`: the governance admins' tool (issue 5 §2; issue 6 adds revoke/reinstate/log).
/// Documents travel between admins as files, so offline admins can sign.
@main
struct SuretyAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surety-admin",
        abstract: "Create the genesis, admit members, sign and submit governance actions.",
        subcommands: [
            GenesisCommand.self, KeygenCommand.self, AdmitCommand.self, RevokeCommand.self, ReinstateCommand.self,
            SignCommand.self, SubmitCommand.self, StatusCommand.self, LogCommand.self, ShowCommand.self,
        ])
}

struct GenesisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesis",
        abstract: "Create a genesis document, the parties' key files and the governance key shares.",
        discussion: """
            Writes <out>/genesis.surety, <out>/genesis.id, and one 0600 key file per party whose key is \
            generated here: <out>/authorities/<name>.key, <out>/admins/<name>.key and \
            <out>/admins/<name>.share (the admin's share of the governance key, dealer mode). \
            A party given as name=PUBLICKEYHEX brings its own key; the genesis then still needs the \
            signatures of k admins (surety-admin sign).
            """)

    @Option(help: "Network name.") var network = "surety-testnet"
    @Flag(help: "Production genesis (default: testnet parameters and flags).") var production = false
    @Option(name: .customLong("authority"), help: "name=host:port[=publickeyhex], once per authority.")
    var authorities: [String] = []
    @Option(name: .customLong("admin"), help: "name[=publickeyhex], once per admin.") var admins: [String] = []
    @Option(help: "Admin signatures needed for a governance action (k).") var threshold: Int
    @Option(help: "Seconds between consensus rounds (default: 60 testnet, 3600 production).")
    var votingInterval: UInt32?
    @Option(help: "Output directory (created).") var out: String

    func run() throws {
        var parameters: ProtocolParameters = production ? .production : .testnet
        if let votingInterval {
            parameters.votingInterval = votingInterval
            parameters.voteLead = max(2, votingInterval / 3)
            parameters.consensusLifetime = max(parameters.consensusLifetime, votingInterval * 3)
        }
        let authorityParties = try authorities.map { spec -> GenesisCeremony.Party in
            let parts = spec.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 || parts.count == 3 else {
                throw ValidationError("--authority takes name=host:port[=publickeyhex], got \(spec)")
            }
            return .init(name: parts[0], address: parts[1], publicKey: try parts.count == 3 ? publicKey(parts[2]) : nil)
        }
        let adminParties = try admins.map { spec -> GenesisCeremony.Party in
            let parts = spec.split(separator: "=").map(String.init)
            return .init(name: parts[0], publicKey: try parts.count == 2 ? publicKey(parts[1]) : nil)
        }
        let result = try GenesisCeremony.run(
            networkName: network, isTestnet: !production, authorities: authorityParties, admins: adminParties,
            threshold: threshold, parameters: parameters, created: UInt64(Date().timeIntervalSince1970))
        try FileManager.default.createDirectory(atPath: "\(out)/authorities", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(out)/admins", withIntermediateDirectories: true)
        let envelope = try result.envelope.encoded()
        try SecureFile.writeAtomically(path: "\(out)/genesis.surety", data: envelope, mode: 0o644)
        let id = HexString.encode(try DocumentSigning.documentID(of: result.envelope).bytes)
        try SecureFile.writeAtomically(path: "\(out)/genesis.id", data: Array("\(id)\n".utf8), mode: 0o644)
        for (entry, key) in zip(result.genesis.authorities, result.authorityKeys) {
            guard let key else { continue }
            try SecureFile.writeAtomically(
                path: "\(out)/authorities/\(entry.name).key",
                data: KeyFile.encode(
                    signingKey: key, comment: "Surety authority \(entry.name) identity key. Keep secret; back up."))
        }
        for (index, (entry, key)) in zip(result.genesis.admins, result.adminKeys).enumerated() {
            if let key {
                try SecureFile.writeAtomically(
                    path: "\(out)/admins/\(entry.name).key",
                    data: KeyFile.encode(
                        signingKey: key, comment: "Surety admin \(entry.name) signing key. Keep secret; back up."))
            }
            try SecureFile.writeAtomically(
                path: "\(out)/admins/\(entry.name).share",
                data: KeyFile.encode(
                    share: result.governanceShares[index], groupKey: result.genesis.governanceKey,
                    comment: "Surety admin \(entry.name) share \(index + 1) of the governance key. Keep secret."))
        }
        let signed = result.envelope.signatures.signatures.count
        print("genesis \(id)")
        print(
            "  \(result.genesis.authorities.count) authorities, \(result.genesis.admins.count) admins, k = \(threshold)"
        )
        print("  written to \(out)/genesis.surety (signed by \(signed) admins, \(threshold) needed)")
        if signed < threshold {
            print("  next: each admin runs `surety-admin sign --in \(out)/genesis.surety --key <admin.key>`")
        }
        if !production { print("  testnet: governance key dealt by this process (dealer mode)") }
    }
}

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Create an Ed25519 key file (0600) and print its public key.")
    @Option(help: "Key file to write.") var out: String
    @Option(help: "Comment stored in the file.") var comment = "Surety Ed25519 key. Keep secret; back up."

    func run() throws {
        let key = Ed25519.SigningKey()
        try SecureFile.writeAtomically(path: out, data: KeyFile.encode(signingKey: key, comment: comment))
        print("public key \(HexString.encode(key.publicKey.rawRepresentation))")
        print("member id  \(HexString.encode(MemberCertificate.memberID(of: key.publicKey)))")
    }
}

struct AdmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admit", abstract: "Create an admit action for a member key, signed by this admin.")
    @Option(help: "Genesis file.") var genesis: String
    @Option(help: "This admin's key file.") var key: String
    @Option(help: "The member's Ed25519 public key (hex), as `surety-client identity show` prints it.")
    var memberKey: String
    @Option(help: "Comma-separated roles: member, operator.") var roles = "member"
    @Option(help: "Days the certificate is valid.") var days: UInt64 = 365
    @Option(help: "Per-member sequence number (1 for a first admission).") var sequence: UInt64 = 1
    @Option(help: "Action file to write.") var out: String

    func run() throws {
        let genesis = try loadGenesis(genesis)
        let admin = try loadKey(key)
        guard genesis.admins.contains(where: { $0.key == admin.publicKey }) else {
            throw ValidationError("this key is not an admin of the genesis")
        }
        var parsedRoles = MemberCertificate.Roles()
        for role in roles.split(separator: ",") {
            switch role.trimmingCharacters(in: .whitespaces) {
            case "member": parsedRoles.insert(.member)
            case "operator": parsedRoles.insert(.operator)
            default: throw ValidationError("unknown role \(role)")
            }
        }
        let now = UInt64(Date().timeIntervalSince1970)
        let certificate = try MemberCertificate(
            memberKey: try publicKey(memberKey), roles: parsedRoles, validFrom: now, validUntil: now + days * 86_400)
        let action = try GovernanceAction(admitting: certificate, sequence: sequence, created: now)
        let envelope = try DocumentSigning.sign(action, with: [admin])
        try SecureFile.writeAtomically(path: out, data: try envelope.encoded(), mode: 0o644)
        print("admit action \(HexString.encode(try DocumentSigning.documentID(of: envelope).bytes))")
        print("  member id \(HexString.encode(certificate.memberID)); signatures 1 of \(genesis.adminThreshold) needed")
    }
}

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign", abstract: "Add this admin's signature to an action or genesis file (in place).")
    @Option(help: "Genesis file (for actions).") var genesis: String?
    @Option(help: "This admin's key file.") var key: String
    @Option(name: .customLong("in"), help: "Document file.") var input: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let admin = try loadKey(key)
        let envelope = try SignedEnvelope(decoding: try readFile(input, limit: WireLimits.maxDocumentSize))
        let signed = try DocumentSigning.addSignature(to: envelope, with: admin)
        try SecureFile.writeAtomically(path: input, data: try signed.encoded(), mode: 0o644)
        let policyGenesis: Genesis
        if envelope.documentType == Genesis.documentType {
            policyGenesis = try CanonicalDecoder.decode(Genesis.self, from: envelope.body)
        } else if let genesis {
            policyGenesis = try loadGenesis(genesis)
        } else {
            print("signed; \(signed.signatures.signatures.count) signatures")
            return
        }
        let admins = Set(policyGenesis.admins.map { DocumentSigning.keyID($0.key) })
        let input = try signed.signingInput
        let valid = signed.signatures.signatures.filter {
            admins.contains($0.keyID)
                && DocumentSigning.verifier.isValidSignature($0.signature, by: $0.keyID, over: input)
        }
        if json {
            printJSON([
                "document": signed.documentType,
                "id": HexString.encode(try DocumentSigning.documentID(of: signed).bytes),
                "valid_signatures": valid.count, "needed": policyGenesis.adminThreshold,
                "complete": valid.count >= policyGenesis.adminThreshold,
            ])
            return
        }
        print(
            "signed \(signed.documentType): \(valid.count) valid admin signatures of \(policyGenesis.adminThreshold) needed"
        )
    }
}

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Post a governance action to the authorities.")
    @Option(help: "Genesis file.") var genesis: String
    @Option(name: .customLong("in"), help: "Action file.") var input: String
    @Option(help: "Only this authority (host:port); default: every genesis authority.") var authority: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let genesis = try loadGenesis(genesis)
        let bytes = try readFile(input, limit: GovernanceAction.maximumSize)
        // Checked here first, with the precise reason (too few signatures, a non-admin signer, ...).
        let verified: VerifiedGovernanceAction
        do {
            verified = try GovernanceActionVerifier(genesis: genesis).verify(bytes)
        } catch {
            throw AdminFailure("the action is not valid: \(error)")
        }
        let client = DirectoryHTTPClient()
        var accepted = 0
        var results: [[String: Any]] = []
        for address in authority.map({ [$0] }) ?? genesis.authorities.map(\.address) {
            do {
                let response = try await client.post(address, path: DirectoryPaths.governance, body: bytes)
                results.append(["authority": address, "status": response.status, "answer": response.errorText])
                if !json { print("\(address): HTTP \(response.status) \(response.errorText)") }
                if response.status == 200 || response.status == 409 { accepted += 1 }
            } catch {
                results.append(["authority": address, "error": "\(error)"])
                if !json { print("\(address): \(error)") }
            }
        }
        if json {
            printJSON(["action": verified.idHex, "kind": "\(verified.action.kind)", "results": results])
        } else if accepted > 0 {
            print("\(verified.action.kind) \(verified.idHex) submitted; relays enforce it as soon as they verify it")
        }
        if accepted == 0 { throw ExitCode.failure }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Describe a document file.")
    @Argument(help: "Document file.") var file: String

    func run() throws {
        let envelope = try SignedEnvelope(decoding: try readFile(file, limit: WireLimits.maxDocumentSize))
        print(
            "\(envelope.documentType) v\(envelope.version), id \(HexString.encode(try DocumentSigning.documentID(of: envelope).bytes))"
        )
        for signature in envelope.signatures.signatures { print("  signed by \(signature.keyID)") }
        if envelope.documentType == Genesis.documentType {
            let genesis = try CanonicalDecoder.decode(Genesis.self, from: envelope.body)
            print("  network \(genesis.networkName), testnet \(genesis.isTestnet), k = \(genesis.adminThreshold)")
            for authority in genesis.authorities {
                print("  authority \(authority.name) \(authority.address) \(authority.identity)")
            }
            for admin in genesis.admins { print("  admin \(admin.name) \(admin.key)") }
        }
    }
}

func publicKey(_ hex: String) throws -> Ed25519.PublicKey {
    guard let bytes = HexString.decode(hex), bytes.count == 32 else {
        throw ValidationError("a public key is 64 hex digits")
    }
    return try Ed25519.PublicKey(rawRepresentation: bytes)
}

func readFile(_ path: String, limit: Int) throws -> [UInt8] {
    try SecureFile.read(path: path, maxBytes: limit)
}

func loadKey(_ path: String) throws -> Ed25519.SigningKey {
    try KeyFile.signingKey(from: try SecureFile.read(path: path, maxBytes: 4096, requirePrivate: true))
}

func loadGenesis(_ path: String) throws -> Genesis {
    try Genesis.verify(try readFile(path, limit: WireLimits.maxDocumentSize)).document
}
