import ArgumentParser
import Foundation
import SuretyCrypto
import SuretyDirectoryClient
import SuretyDocuments
import SuretyService
import SuretyWire

// `surety-admin revoke | reinstate | status | log show | log verify` (issue 6 §4). Actions travel
// between admins as files: one admin creates and signs, the others `sign` the same file, anyone
// `submit`s it. Everything fetched from an authority is verified here before it is shown.

/// Options shared by revoke and reinstate.
struct SubjectOptions: ParsableArguments {
    @Option(help: "A member, by its Ed25519 member key (hex).") var memberKey: String?
    @Option(help: "A member, by its member id (hex).") var memberID: String?
    @Option(help: "One device key of a member (X25519, hex).") var deviceKey: String?
    @Option(help: "A relay, by its Ed25519 identity key (hex).") var relay: String?

    func subject() throws -> GovernanceSubject {
        let given = [memberKey, memberID, deviceKey, relay].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("name exactly one of --member-key, --member-id, --device-key, --relay")
        }
        if let memberKey { return try .member(MemberCertificate.memberID(of: try publicKey(memberKey))) }
        let kind: GovernanceSubject.Kind = memberID != nil ? .member : deviceKey != nil ? .device : .relay
        guard let bytes = HexString.decode(given[0]), bytes.count == 32 else {
            throw ValidationError("a subject is 64 hex digits")
        }
        return GovernanceSubject(kind: kind, key: try Bytes32(bytes))
    }
}

/// Options for reaching the authorities.
struct AuthorityOptions: ParsableArguments {
    @Option(help: "Genesis file.") var genesis: String
    @Option(help: "Authority to ask (host:port); default: the genesis authorities in turn.") var authority: String?

    func addresses(_ genesis: Genesis) -> [String] { authority.map { [$0] } ?? genesis.authorities.map(\.address) }
}

struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Create a revocation of a member, device key or relay, signed by this admin.",
        discussion: """
            Writes the action to --out. Other admins add their signatures with `surety-admin sign`; \
            once k have signed, `surety-admin submit` sends it to the authorities. The sequence number \
            defaults to the subject's last sequence + 1, read from the verified log of an authority.
            """)
    @OptionGroup var authorities: AuthorityOptions
    @OptionGroup var target: SubjectOptions
    @Option(help: "This admin's key file.") var key: String
    @Option(help: "Reason code: abuse, key-compromise, policy-violation, requested, protocol-misbehaviour, other.")
    var reasonCode = "abuse"
    @Option(help: "Free-text reason (public).") var reason: String
    @Option(help: "Where the evidence is (report id, URL; public).") var evidence: String?
    @Option(help: "Unix time the revocation takes effect (default: at once).") var effective: UInt64?
    @Option(help: "Per-subject sequence number (default: last + 1 from the log).") var sequence: UInt64?
    @Option(help: "Action file to write.") var out: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await createAction(
            kind: .revoke, authorities: authorities, target: target, key: key, reasonCode: reasonCode, reason: reason,
            evidence: evidence, effective: effective, sequence: sequence, out: out, json: json)
    }
}

struct ReinstateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reinstate",
        abstract: "Create a reinstatement (appeal upheld) of a revoked subject, signed by this admin.",
        discussion: "Its sequence must be above the revocation's; the default (last + 1) is.")
    @OptionGroup var authorities: AuthorityOptions
    @OptionGroup var target: SubjectOptions
    @Option(help: "This admin's key file.") var key: String
    @Option(help: "Reason code: appeal-upheld, revoked-in-error, remedied, other.") var reasonCode = "appeal-upheld"
    @Option(help: "Free-text reason (public).") var reason: String
    @Option(help: "Where the appeal decision is (public).") var evidence: String?
    @Option(help: "Per-subject sequence number (default: last + 1 from the log).") var sequence: UInt64?
    @Option(help: "Action file to write.") var out: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await createAction(
            kind: .reinstate, authorities: authorities, target: target, key: key, reasonCode: reasonCode,
            reason: reason, evidence: evidence, effective: nil, sequence: sequence, out: out, json: json)
    }
}

func createAction(
    kind: GovernanceAction.Kind, authorities: AuthorityOptions, target: SubjectOptions, key: String,
    reasonCode: String, reason: String, evidence: String?, effective: UInt64?, sequence: UInt64?, out: String,
    json: Bool
) async throws {
    let genesis = try loadGenesis(authorities.genesis)
    let admin = try loadKey(key)
    guard genesis.admins.contains(where: { $0.key == admin.publicKey }) else {
        throw ValidationError("this key is not an admin of the genesis")
    }
    guard let code = GovernanceReason(name: reasonCode) else {
        throw ValidationError("unknown reason code \(reasonCode)")
    }
    let subject = try target.subject()
    var number = sequence
    if number == nil {
        let view = try await GovernanceView.fetch(genesis: genesis, addresses: authorities.addresses(genesis))
        number = (view.state.record(for: subject)?.sequence ?? 0) + 1
    }
    let now = UInt64(Date().timeIntervalSince1970)
    let action =
        kind == .revoke
        ? try GovernanceAction(
            revoking: subject, sequence: number ?? 1, created: now, reasonCode: code, reason: reason,
            evidence: evidence, effective: effective)
        : try GovernanceAction(
            reinstating: subject, sequence: number ?? 1, created: now, reasonCode: code, reason: reason,
            evidence: evidence)
    let envelope = try DocumentSigning.sign(action, with: [admin])
    try SecureFile.writeAtomically(path: out, data: try envelope.encoded(), mode: 0o644)
    let id = HexString.encode(try DocumentSigning.documentID(of: envelope).bytes)
    if json {
        printJSON([
            "action": id, "kind": "\(kind)", "subject": "\(subject)", "sequence": number ?? 1,
            "signatures": 1, "needed": genesis.adminThreshold, "file": out,
        ])
    } else {
        print("\(kind) action \(id)")
        print("  subject \(subject), sequence \(number ?? 1), reason \(code): \(reason)")
        print("  written to \(out); signatures 1 of \(genesis.adminThreshold) needed")
        if genesis.adminThreshold > 1 {
            print("  next: other admins run `surety-admin sign --genesis <genesis> --key <admin.key> --in \(out)`")
        }
        print("  then: surety-admin submit --genesis <genesis> --in \(out)")
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a subject's governance status from the verified log.")
    @OptionGroup var authorities: AuthorityOptions
    @Argument(help: "member, device or relay.") var kind: String
    @Argument(help: "The member id, member key, device key or relay identity (hex).") var subject: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let genesis = try loadGenesis(authorities.genesis)
        guard let kind = GovernanceSubject.Kind(name: kind), kind != .network else {
            throw ValidationError("kind is member, device or relay")
        }
        guard var bytes = HexString.decode(subject), bytes.count == 32 else {
            throw ValidationError("a subject is 64 hex digits")
        }
        // A member may be named by its key: a key that is someone's member key maps to its id.
        let view = try await GovernanceView.fetch(genesis: genesis, addresses: authorities.addresses(genesis))
        if kind == .member, view.state.record(for: GovernanceSubject(kind: .member, key: try Bytes32(bytes))) == nil,
            let key = try? Ed25519.PublicKey(rawRepresentation: bytes)
        {
            bytes = MemberCertificate.memberID(of: key)
        }
        let target = GovernanceSubject(kind: kind, key: try Bytes32(bytes))
        let now = UInt64(Date().timeIntervalSince1970)
        let logged = view.log.state.record(for: target)
        let record = view.state.record(for: target)
        let revoked = view.state.isRevoked(target, at: now)
        let status = revoked ? "revoked" : record?.kind == .revoke ? "revocation scheduled" : "not revoked"
        if json {
            var object: [String: Any] = [
                "subject": "\(target)", "status": status, "revoked": revoked, "log_size": view.log.size,
                "next_sequence": (record?.sequence ?? 0) + 1, "authority": view.authority,
            ]
            if let record {
                object["action"] = HexString.encode(record.actionID.bytes)
                object["kind"] = "\(record.kind)"
                object["sequence"] = record.sequence
                object["effective"] = record.effective
                object["reason_code"] = record.reasonCode.map { "\($0)" } ?? NSNull()
                object["logged"] = logged?.actionID == record.actionID
            }
            printJSON(object)
            return
        }
        print("\(target): \(status)")
        if let record {
            let where_ =
                logged?.actionID == record.actionID ? "logged" : "pending (enforced, position at the next consensus)"
            print(
                "  last action \(record.kind) #\(record.sequence) \(HexString.encode(record.actionID.bytes)) (\(where_))"
            )
            if let code = record.reasonCode { print("  reason code \(code)") }
            if record.kind == .revoke { print("  effective \(record.effective)") }
        }
        print("  next sequence \((record?.sequence ?? 0) + 1); log of \(view.log.size) entries at \(view.authority)")
    }
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Inspect the governance log.",
        subcommands: [LogShowCommand.self, LogVerifyCommand.self])
}

struct LogShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "List the log's entries and pending actions (each verified).")
    @OptionGroup var authorities: AuthorityOptions
    @Option(help: "First position to list.") var from: UInt64 = 0
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let genesis = try loadGenesis(authorities.genesis)
        let view = try await GovernanceView.fetch(genesis: genesis, addresses: authorities.addresses(genesis))
        let rows = view.entries.filter { ($0.position ?? 0) >= from }
        if json {
            printJSON([
                "authority": view.authority, "size": view.log.size, "head": HexString.encode(view.log.head.bytes),
                "entries": rows.map { $0.json },
                "pending": view.pending.map { ActionRow(action: $0, position: nil).json },
            ])
            return
        }
        print(
            "governance log at \(view.authority): \(view.log.size) entries, head \(HexString.encode(view.log.head.bytes))"
        )
        for row in rows { print("  \(row.line)") }
        if !view.pending.isEmpty {
            print("pending (enforced, no position yet):")
            for action in view.pending { print("  \(ActionRow(action: action, position: nil).line)") }
        }
    }
}

struct LogVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Replay the whole log from genesis and check it against the signed heads.",
        discussion: """
            Every entry must continue the log (position, previous head, round) and carry k valid \
            admin signatures, and its action must apply; the final head must equal the authority's \
            signed checkpoint and be consistent with the head the newest consensus signs.
            """)
    @OptionGroup var authorities: AuthorityOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let genesis = try loadGenesis(authorities.genesis)
        var problems: [String] = []
        var view: GovernanceView?
        do {
            view = try await GovernanceView.fetch(genesis: genesis, addresses: authorities.addresses(genesis))
        } catch {
            problems.append("\(error)")
        }
        var consensusNote = "no consensus checked"
        if let view {
            if view.checkpoint.size != view.log.size || view.checkpoint.head != view.log.head {
                problems.append(
                    "the authority's signed checkpoint (size \(view.checkpoint.size)) does not match the replayed log")
            }
            if let response = try? await DirectoryHTTPClient().get(view.authority, path: DirectoryPaths.consensus),
                response.status == 200, let consensus = try? Consensus.verify(response.body, genesis: genesis).document
            {
                let head = consensus.governanceLog
                if head.size > view.log.size {
                    problems.append("the consensus signs \(head.size) entries; the authority served \(view.log.size)")
                } else if view.log.root(size: head.size)?.bytes != head.head {
                    problems.append("the consensus head at size \(head.size) is not a prefix of this log")
                } else {
                    consensusNote =
                        "consistent with the consensus of \(consensus.period.validAfter) (size \(head.size))"
                }
            }
        }
        if json {
            printJSON([
                "ok": problems.isEmpty, "size": view?.log.size ?? 0,
                "head": view.map { HexString.encode($0.log.head.bytes) } ?? "", "problems": problems,
                "consensus": consensusNote,
            ])
        } else if problems.isEmpty, let view {
            print(
                "governance log OK: \(view.log.size) entries replayed from genesis, head \(HexString.encode(view.log.head.bytes))"
            )
            print("  matches the checkpoint signed by \(view.authority); \(consensusNote)")
            print(
                "  \(view.log.state.revokedSubjects.count) subjects revoked by logged actions, \(view.pending.count) actions pending"
            )
        } else {
            print("governance log FAILED verification:")
            for problem in problems { print("  \(problem)") }
        }
        if !problems.isEmpty { throw ExitCode.failure }
    }
}

/// The verified log of one authority: every entry replayed from genesis, the pending actions
/// verified, the checkpoint verified against the genesis authorities.
struct GovernanceView {
    var authority: String
    var log: GovernanceLog
    var entries: [ActionRow]
    var pending: [VerifiedGovernanceAction]
    var state: GovernanceState
    var checkpoint: LogCheckpoint

    static func fetch(genesis: Genesis, addresses: [String]) async throws -> GovernanceView {
        var reasons: [String] = []
        for address in addresses {
            do { return try await fetch(genesis: genesis, address: address) } catch {
                reasons.append("\(address): \(error)")
            }
        }
        throw AdminFailure("no authority served a verifiable log (\(reasons.joined(separator: "; ")))")
    }

    static func fetch(genesis: Genesis, address: String) async throws -> GovernanceView {
        let verifier = try GovernanceActionVerifier(genesis: genesis)
        let http = DirectoryHTTPClient()
        var log = GovernanceLog(verifier: verifier)
        var rows: [ActionRow] = []
        var last: GovernanceLogUpdate?
        while true {
            let response = try await http.get(address, path: "\(DirectoryPaths.logEntries)?from=\(log.size)")
            guard response.status == 200 else {
                throw AdminFailure("HTTP \(response.status): \(response.errorText)")
            }
            let update = try GovernanceLogUpdate(decoding: response.body)
            last = update
            for entry in update.entries {
                do {
                    let (action, _) = try log.append(entry)
                    rows.append(ActionRow(action: action, position: entry.leaf.position, round: entry.leaf.round))
                } catch {
                    throw AdminFailure("entry \(entry.leaf.position) refused: \(error)")
                }
            }
            if update.entries.count < GovernanceLogUpdate.maximumEntries { break }
        }
        guard let last else { throw AdminFailure("no answer") }
        let checkpoint = try LogCheckpoint.verify(last.checkpoint, genesis: genesis).document
        var state = log.state
        var pending: [VerifiedGovernanceAction] = []
        for envelope in last.pending {
            guard let action = try? verifier.verify(envelope) else { continue }
            pending.append(action)
        }
        pending.sort { ($0.action.sequence, $0.id) < ($1.action.sequence, $1.id) }
        for action in pending { try? state.apply(action) }
        return GovernanceView(
            authority: address, log: log, entries: rows, pending: pending, state: state, checkpoint: checkpoint)
    }
}

/// One action, for listings.
struct ActionRow {
    var action: VerifiedGovernanceAction
    var position: UInt64?
    var round: UInt64?

    init(action: VerifiedGovernanceAction, position: UInt64?, round: UInt64? = nil) {
        self.action = action
        self.position = position
        self.round = round
    }

    var line: String {
        let document = action.action
        var text = position.map { "#\($0)" } ?? "pending"
        text += " \(document.kind) \(action.subject) seq \(document.sequence) id \(action.idHex.prefix(16))"
        if let code = document.reasonCode { text += " [\(code)]" }
        if let reason = document.reason { text += " \"\(reason)\"" }
        if let evidence = document.evidence { text += " evidence \(evidence)" }
        text += " signed by \(action.signers.count)"
        return text
    }

    var json: [String: Any] {
        let document = action.action
        var object: [String: Any] = [
            "id": action.idHex, "kind": "\(document.kind)", "subject": "\(action.subject)",
            "sequence": document.sequence, "created": document.created, "signers": action.signers.count,
        ]
        if let position { object["position"] = position }
        if let round { object["round"] = round }
        if let code = document.reasonCode { object["reason_code"] = "\(code)" }
        if let reason = document.reason { object["reason"] = reason }
        if let evidence = document.evidence { object["evidence"] = evidence }
        if document.kind == .revoke { object["effective"] = document.effectiveTime }
        return object
    }
}

func printJSON(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]) else {
        return
    }
    print(String(decoding: data, as: UTF8.self))
}

/// A failure at run time (not a usage mistake): printed as `Error: <message>` without the usage text.
struct AdminFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
