import CoreMetrics
public import Logging
public import SuretyCrypto
public import SuretyDirectoryClient
import SuretyDocuments
import SuretyWire

/// One directory authority's logic: accepts descriptors and governance actions, tests relays,
/// votes, combines votes into the consensus, signs it with its peers and serves the result.
///
/// Routes (`DirectoryHTTPServer`) are thin and call these methods; tests call them directly.
/// Every durable fact lives in the `DirectoryStore`; the actor keeps only caches and rate limits,
/// so a restart resumes from the store (issue 5 §3).
public actor DirectoryAuthority {
    public let configuration: DirectoryConfiguration
    let store: any DirectoryStore
    let client: DirectoryHTTPClient
    let prober: ReachabilityProber
    let logger: Logger
    let metrics = DirectoryMetrics()
    private var uploadBuckets: [[UInt8]: TokenBucket] = [:]
    /// Where the other authorities are reached (from the configuration; tests and operators moving
    /// an authority behind another address can change it at run time).
    public private(set) var peerAddresses: [Ed25519.PublicKey: String]
    /// The governance log and pending actions (issue 6; `DirectoryAuthority+GovernanceLog.swift`).
    public let governanceLog: GovernanceLogService

    public init(
        configuration: DirectoryConfiguration, store: any DirectoryStore, client: DirectoryHTTPClient = .init(),
        prober: ReachabilityProber = .init(), logger: Logger
    ) throws {
        guard configuration.genesis.authority(configuration.identityKey.publicKey) != nil else {
            throw DirectoryError(
                status: 500, code: "not_an_authority", "this identity key is not an authority of the genesis")
        }
        self.configuration = configuration
        self.peerAddresses = configuration.peerAddresses
        self.store = store
        self.client = client
        self.prober = prober
        self.logger = logger
        governanceLog = try GovernanceLogService(
            genesis: configuration.genesis, identityKey: configuration.identityKey, store: store,
            clock: configuration.clock, logger: logger)
    }

    /// Changes where the authority `identity` is reached (nil: not at all).
    public func setPeerAddress(_ address: String?, for identity: Ed25519.PublicKey) {
        guard identity != self.identity, genesis.authority(identity) != nil else { return }
        peerAddresses[identity] = address
    }

    var genesis: Genesis { configuration.genesis }
    var identity: Ed25519.PublicKey { configuration.identityKey.publicKey }
    var now: UInt64 { configuration.clock() }
    var parameters: ProtocolParameters { genesis.parameters }

    // MARK: Descriptors

    /// Accepts a relay descriptor upload (issue 5 §3): size limit, strict decoding, the relay's own
    /// signature, freshness, replay protection, an admitted operator, a per-relay rate limit.
    /// Returns the descriptor id (hex).
    @discardableResult
    public func submitDescriptor(_ bytes: [UInt8]) async throws -> String {
        do {
            let id = try await acceptDescriptor(bytes)
            metrics.descriptorsAccepted.increment()
            return id
        } catch {
            metrics.descriptorsRejected.increment()
            throw DirectoryError.from(error)
        }
    }

    private func acceptDescriptor(_ bytes: [UInt8]) async throws -> String {
        guard bytes.count <= configuration.maximumDescriptorSize else {
            throw DirectoryError.tooLarge(configuration.maximumDescriptorSize)
        }
        let unverified = try Unverified<RelayDescriptor>(decoding: bytes)
        let claimed = unverified.unverifiedDocument.identity
        let verified = try unverified.verify(
            policy: .single(DocumentSigning.keyID(claimed)), using: DocumentSigning.verifier)
        let descriptor = verified.document
        let id = try DocumentSigning.documentID(of: verified.envelope).bytes
        let now = self.now
        guard descriptor.published <= now + configuration.maximumClockSkew else {
            throw DirectoryError(
                status: 422, code: "published_in_future",
                "descriptor published at \(descriptor.published), now is \(now)")
        }
        guard descriptor.published + UInt64(parameters.descriptorLifetime) > now else {
            throw DirectoryError(
                status: 422, code: "descriptor_expired", "descriptor published at \(descriptor.published) is too old")
        }
        let identity = descriptor.identity.rawRepresentation
        if let existing = try await store.descriptor(identity: identity) {
            if existing.descriptorID == id { return HexString.encode(id) }  // the same upload again: idempotent
            guard descriptor.published > existing.published else {
                throw DirectoryError(
                    status: 409, code: "stale_descriptor",
                    "a descriptor published at \(existing.published) is newer than this one (\(descriptor.published))")
            }
        }
        guard let member = try await store.member(id: descriptor.operatorID),
            MemberCertificate.Roles(rawValue: member.roles).contains(.operator), member.validUntil > now
        else {
            throw DirectoryError(
                status: 403, code: "operator_not_admitted",
                "operator \(HexString.encode(descriptor.operatorID.prefix(8))) is not an admitted operator")
        }
        var bucket =
            uploadBuckets[identity]
            ?? TokenBucket(
                capacity: configuration.descriptorUploadBurst, refillInterval: configuration.descriptorUploadInterval,
                now: now)
        guard bucket.take(now: now) else {
            uploadBuckets[identity] = bucket
            throw DirectoryError.rateLimited("too many descriptor uploads for this relay; retry later")
        }
        uploadBuckets[identity] = bucket
        let stored = try await store.putDescriptor(
            StoredDescriptor(
                identity: identity, descriptorID: id, published: descriptor.published, envelope: bytes, received: now))
        guard stored else {
            throw DirectoryError(status: 409, code: "stale_descriptor", "a newer descriptor for this relay is stored")
        }
        logger.info("accepted descriptor", metadata: ["relay": "\(descriptor.nickname)"])
        return HexString.encode(id)
    }

    /// Every current descriptor, as a bundle.
    public func descriptorBundle() async throws -> [UInt8] {
        let envelopes = try await store.descriptors().map { try SignedEnvelope(decoding: $0.envelope) }
        return try DocumentBundle(envelopes: envelopes).encoded()
    }

    // MARK: Governance

    /// Accepts a governance action (issue 5 §3; issue 6 extends the kinds): strict decoding, at
    /// least k valid genesis-admin signatures, no replay, per-subject sequence order. The id is
    /// computed only after the signatures verify. Accepted actions are forwarded to the peers.
    @discardableResult
    public func submitGovernanceAction(_ bytes: [UInt8], forward: Bool = true) async throws -> (
        id: String, position: UInt64
    ) {
        do {
            guard bytes.count <= configuration.maximumActionSize else {
                throw DirectoryError.tooLarge(configuration.maximumActionSize)
            }
            // Issue 6: precise rejection reasons, and the governance state (log + pending) decides
            // whether the action applies before anything is stored.
            let verified = try verifyGovernanceAction(bytes)
            let action = verified.action
            let id = verified.id.bytes
            do { try await governanceLog.check(verified) } catch { throw DirectoryError.from(governance: error) }
            guard try await !store.hasAction(id: id) else {
                throw DirectoryError(
                    status: 409, code: "duplicate_action", "action \(HexString.encode(id)) was already applied")
            }
            if let last = try await store.lastSequence(subject: action.subject), action.sequence <= last {
                throw DirectoryError(
                    status: 409, code: "stale_sequence",
                    "sequence \(action.sequence) is not above \(last), the last applied for this subject")
            }
            var member: StoredMember?
            if action.kind == .admit, let certificate = action.memberCertificate {
                member = StoredMember(
                    memberID: certificate.memberID, actionID: id, envelope: bytes, roles: certificate.roles.rawValue,
                    validUntil: certificate.validUntil)
            }
            let position = try await store.appendAction(
                StoredAction(
                    id: id, kind: action.kind.rawValue, subject: action.subject, sequence: action.sequence,
                    envelope: bytes, received: now),
                member: member)
            do { try await governanceLog.addPending(verified) } catch { throw DirectoryError.from(governance: error) }
            metrics.actionsAccepted.increment()
            logger.info("applied governance action", metadata: ["kind": "\(action.kind)", "position": "\(position)"])
            if forward { forwardToPeers(path: DirectoryPaths.governance, body: bytes) }
            return (HexString.encode(id), position)
        } catch {
            metrics.actionsRejected.increment()
            throw DirectoryError.from(error)
        }
    }

    /// Member certificates admitted after `position` (0: all), at most `limit`, with the resume position.
    public func memberBundle(since position: UInt64, limit: Int = 10_000) async throws -> [UInt8] {
        let members = try await store.members(after: position, limit: limit)
        return try DocumentBundle(
            envelopes: try members.map { try SignedEnvelope(decoding: $0.envelope) },
            nextPosition: members.last?.position ?? position
        ).encoded()
    }

    public func memberCertificate(id: [UInt8]) async throws -> [UInt8] {
        guard let member = try await store.member(id: id) else { throw DirectoryError.notFound("no such member") }
        return member.envelope
    }

    /// The membership summary this authority vouches for: RFC 9162 root over (member id ‖ admit id),
    /// ascending by member id, of members whose certificate is valid now.
    func membershipSummary() async throws -> MembershipSummary {
        var leaves: [[UInt8]] = []
        var position: UInt64 = 0
        let now = self.now
        while true {
            let batch = try await store.members(after: position, limit: 50_000)
            guard let last = batch.last else { break }
            leaves += batch.filter { $0.validUntil > now }.map { $0.memberID + $0.actionID }
            position = last.position
        }
        leaves.sort { $0.lexicographicallyPrecedes($1) }
        return MembershipSummary(root: MerkleTree.root(of: leaves), count: UInt64(leaves.count))
    }

    // MARK: Serving the consensus

    /// The newest published consensus envelope.
    public func currentConsensus() async throws -> [UInt8] {
        guard let latest = try await store.latestConsensus() else {
            throw DirectoryError.notFound("no consensus has been published yet")
        }
        return latest.envelope
    }

    public func consensus(validAfter: UInt64) async throws -> [UInt8] {
        guard let envelope = try await store.consensus(validAfter: validAfter) else {
            throw DirectoryError.notFound("no consensus with valid-after \(validAfter)")
        }
        return envelope
    }

    /// The diff from the consensus with id `fromID` to the newest one.
    public func consensusDiff(fromID: [UInt8]) async throws -> [UInt8] {
        guard let oldBytes = try await store.consensus(id: fromID) else {
            throw DirectoryError.notFound("no consensus with that id here; fetch the full consensus")
        }
        let newBytes = try await currentConsensus()
        let old = try Unverified<Consensus>(decoding: oldBytes)
        let new = try Unverified<Consensus>(decoding: newBytes)
        let diff = try ConsensusDiff(
            from: old.unverifiedDocument, to: new.unverifiedDocument, newEnvelope: new.envelope)
        return try CanonicalEncoder.encode(diff)
    }

    /// Health for /healthz: whether a consensus is published and still valid.
    public func health() async -> (healthy: Bool, detail: String) {
        guard let latest = try? await store.latestConsensus(),
            let envelope = try? Unverified<Consensus>(decoding: latest.envelope)
        else { return (true, "running; no consensus yet") }
        let period = envelope.unverifiedDocument.period
        if now >= period.validUntil { return (false, "newest consensus expired at \(period.validUntil)") }
        metrics.consensusAge.record(Int64(now) - Int64(period.validAfter))
        return (true, "consensus valid-after \(period.validAfter), valid-until \(period.validUntil)")
    }

    // MARK: Peers

    func forwardToPeers(path: String, body: [UInt8]) {
        let client = self.client
        let logger = self.logger
        for (_, address) in peerAddresses {
            Task {
                do {
                    let response = try await client.post(address, path: path, body: body)
                    if response.status >= 300, response.status != 409 {
                        logger.warning(
                            "peer refused \(path)", metadata: ["peer": "\(address)", "status": "\(response.status)"])
                    }
                } catch {
                    logger.info("peer unreachable", metadata: ["peer": "\(address)", "error": "\(error)"])
                }
            }
        }
    }
}

/// A token bucket for upload rate limits.
struct TokenBucket {
    var tokens: Double
    let capacity: Double
    let refillInterval: Double
    var last: UInt64

    init(capacity: Double, refillInterval: Double, now: UInt64) {
        tokens = capacity
        self.capacity = capacity
        self.refillInterval = refillInterval
        last = now
    }

    mutating func take(now: UInt64) -> Bool {
        if now > last {
            tokens = min(capacity, tokens + Double(now - last) / refillInterval)
            last = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
