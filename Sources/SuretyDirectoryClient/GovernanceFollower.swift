public import Logging
import NIOCore
import SuretyCrypto
public import SuretyDocuments
public import SuretyWire

/// Follows the governance log of the authorities and tells its owner what to enforce
/// (issue 6 §3, Docs/SPEC-GOVERNANCE.md §G.7).
///
/// - It long-polls one authority's action stream (`GET /v1/log/updates`, resume from its log
///   position), failing over to the next authority on errors.
/// - It trusts no authority: every log entry must continue its own copy of the log (position,
///   previous head, round) and every action must carry k valid genesis-admin signatures; the
///   governance fold then decides what applies. Pending actions (no position yet) are enforced
///   as soon as they verify; when the log later orders them, nothing changes.
/// - It persists its position, log frontier, state and pending actions, so after a restart it
///   enforces everything it knew at once and catches up (`catchUp`) before the owner serves.
/// - Freshness: each answer carries a checkpoint signed by a genesis authority; the follower is
///   fresh while it holds a checkpoint of exactly its own head no older than the configured age.
///   Heads signed by the consensus are checked against its log with `observeConsensusHead`.
public actor GovernanceFollower {
    public struct Configuration: Sendable {
        public var genesis: Genesis
        /// Authority addresses ("host:port"), tried in order; default: the genesis addresses.
        public var authorities: [String]
        /// Where the follower keeps its state (nil: memory only).
        public var statePath: String?
        /// Oldest acceptable checkpoint (seconds) before the follower reports itself stale.
        public var maximumCheckpointAge: UInt64 = 120
        /// How long one long-poll waits at the authority (seconds).
        public var pollWait: Int = 20
        /// Pause after a failed request (doubles up to 8×).
        public var retryDelay: Duration = .milliseconds(500)
        /// Current Unix time.
        public var clock: @Sendable () -> UInt64 = ConsensusClient.systemClock

        public init(genesis: Genesis, authorities: [String]? = nil, statePath: String? = nil) {
            self.genesis = genesis
            self.authorities = authorities ?? genesis.authorities.map(\.address)
            self.statePath = statePath
        }
    }

    /// What `status()` reports.
    public struct Status: Sendable, Hashable {
        public var position: UInt64
        public var head: Bytes32
        public var pendingActions: Int
        public var revokedSubjects: Int
        /// Signing time of the newest checkpoint that matched this follower's head.
        public var checkpointTime: UInt64?
        /// Seconds since that checkpoint (nil: none yet).
        public var checkpointAge: UInt64?
        /// Whether the checkpoint is within `maximumCheckpointAge` and no consensus head is ahead.
        public var isFresh: Bool
        /// Why it is not fresh (nil when fresh).
        public var staleness: String?
        /// The authority currently followed.
        public var authority: String
    }

    public typealias Handler = @Sendable (GovernanceEvent) async -> Void

    public let configuration: Configuration
    let verifier: GovernanceActionVerifier
    let http: DirectoryHTTPClient
    let logger: Logger
    let handler: Handler

    private var log: GovernanceLog
    /// Verified actions without a log position, as the followed authority last reported them.
    private var pending: [VerifiedGovernanceAction] = []
    private var pendingDigest = GovernanceLogUpdate.pendingDigest(of: [Bytes32]())
    /// The state enforced: the log's state with the pending actions applied.
    private var enforced = GovernanceState()
    /// Subjects the handler was told are revoked (so every change is reported exactly once).
    private var dispatchedRevoked: Set<GovernanceSubject> = []
    /// Revocations with a future effective time, by subject.
    private var scheduled: [GovernanceSubject: Task<Void, Never>] = [:]
    private var authorityIndex = 0
    private var checkpointTime: UInt64?
    private var consensusAhead: UInt64?
    private var forkDetected: String?
    private var loaded = false

    public init(
        configuration: Configuration, http: DirectoryHTTPClient? = nil, logger: Logger,
        handler: @escaping Handler
    ) throws {
        self.configuration = configuration
        verifier = try GovernanceActionVerifier(genesis: configuration.genesis)
        self.http = http ?? DirectoryHTTPClient(timeout: .seconds(Int64(configuration.pollWait) + 15))
        self.logger = logger
        self.handler = handler
        log = GovernanceLog(verifier: verifier, keepsLeafHashes: false)
    }

    // MARK: Lifecycle

    /// Loads the saved state and reports every revocation it holds to the handler (call first,
    /// before the owner serves anyone). Idempotent.
    public func load() async {
        guard !loaded else { return }
        loaded = true
        if let path = configuration.statePath, let bytes = FileBytes.read(path, limit: 1 << 30) {
            do {
                try restore(bytes)
                logger.info(
                    "governance state restored", metadata: ["position": "\(log.size)", "pending": "\(pending.count)"])
            } catch {
                logger.error("governance state file unusable; starting from genesis", metadata: ["error": "\(error)"])
                log = GovernanceLog(verifier: verifier, keepsLeafHashes: false)
                pending = []
            }
        }
        recomputeEnforced()
        await dispatch(touched: Set(enforced.records.keys), newlyLogged: [])
    }

    /// Loads the saved state, then fetches from the authorities until this follower holds their
    /// whole log and pending set (a relay calls this before accepting links). Throws if no
    /// authority answered within `timeout`; what was restored is enforced either way.
    public func catchUp(timeout: Duration = .seconds(30)) async throws {
        await load()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                let update = try await fetch(wait: 0)
                let checkpoint = try await process(update)
                if update.entries.count < GovernanceLogUpdate.maximumEntries, checkpoint.size <= log.size { return }
            } catch {
                lastError = error
                rotateAuthority()
                try? await Task.sleep(for: configuration.retryDelay)
            }
        }
        throw DirectoryClientError(
            .noConsensus,
            "no authority delivered the governance log in time (\(lastError.map { "\($0)" } ?? "timeout"))")
    }

    /// Follows the action stream until cancelled.
    public func run() async {
        await load()
        var failures = 0
        while !Task.isCancelled {
            do {
                // Waits at the authority only when this follower is up to date (the authority
                // answers at once when it has entries after our position or other pending actions).
                try await process(try await fetch(wait: configuration.pollWait))
                failures = 0
            } catch {
                if Task.isCancelled { return }
                failures += 1
                logger.info(
                    "governance stream interrupted",
                    metadata: ["authority": "\(currentAuthority)", "error": "\(error)"])
                rotateAuthority()
                let backoff = configuration.retryDelay * (1 << min(failures - 1, 3))
                try? await Task.sleep(for: backoff)
            }
        }
    }

    // MARK: Queries

    public func status() -> Status {
        let now = configuration.clock()
        let age = checkpointTime.map { now >= $0 ? now - $0 : 0 }
        var staleness: String?
        if let forkDetected {
            staleness = forkDetected
        } else if let consensusAhead {
            staleness = "the consensus signs a log of \(consensusAhead) entries; this follower has \(log.size)"
        } else if let age, age > configuration.maximumCheckpointAge {
            staleness = "newest checkpoint is \(age) s old (limit \(configuration.maximumCheckpointAge) s)"
        } else if age == nil {
            staleness = "no checkpoint received yet"
        }
        return Status(
            position: log.size, head: log.head, pendingActions: pending.count,
            revokedSubjects: dispatchedRevoked.count, checkpointTime: checkpointTime, checkpointAge: age,
            isFresh: staleness == nil, staleness: staleness, authority: currentAuthority)
    }

    /// Whether `subject` is revoked now in the enforced state.
    public func isRevoked(_ subject: GovernanceSubject) -> Bool {
        enforced.isRevoked(subject, at: configuration.clock())
    }

    /// The enforced state (log + pending).
    public var state: GovernanceState { enforced }

    /// Checks a log head signed by a consensus against this follower's log: equal sizes need
    /// equal heads; an older head needs a valid consistency proof (fetched from the authority); a
    /// newer one marks the follower stale until it has caught up. Returns false on a mismatch.
    @discardableResult
    public func observeConsensusHead(_ head: GovernanceLogHead) async -> Bool {
        if head.size > log.size {
            consensusAhead = head.size
            return true
        }
        consensusAhead = nil
        if head.size == log.size {
            guard head.head == log.head.bytes else {
                forkDetected = "the consensus signs another log head at size \(head.size)"
                logger.critical("governance log differs from the consensus", metadata: ["size": "\(head.size)"])
                return false
            }
            return true
        }
        let path = "\(DirectoryPaths.logConsistencyProof)?from=\(head.size)&to=\(log.size)"
        guard let response = try? await http.get(currentAuthority, path: path), response.status == 200,
            let proof = try? CanonicalDecoder.decode(ConsistencyProof.self, from: response.body)
        else { return true }  // cannot check now; the next head will be checked again
        guard proof.isValid, proof.oldSize == head.size, proof.oldRoot.bytes == head.head, proof.newSize == log.size,
            proof.newRoot == log.head
        else {
            forkDetected = "the consensus head at size \(head.size) is not a prefix of this follower's log"
            logger.critical("governance log inconsistent with the consensus", metadata: ["size": "\(head.size)"])
            return false
        }
        return true
    }

    // MARK: Fetching and processing

    private var currentAuthority: String {
        configuration.authorities.isEmpty
            ? "" : configuration.authorities[authorityIndex % configuration.authorities.count]
    }

    private func rotateAuthority() { authorityIndex += 1 }

    private func fetch(wait: Int) async throws -> GovernanceLogUpdate {
        let path = DirectoryPaths.logUpdates(
            from: log.size, pendingHex: HexString.encode(pendingDigest.bytes), wait: wait)
        let response = try await http.get(currentAuthority, path: path)
        guard response.status == 200 else {
            throw DirectoryClientError(.rejected, "HTTP \(response.status): \(response.errorText)")
        }
        return try GovernanceLogUpdate(decoding: response.body)
    }

    /// Verifies and applies one answer; returns its checkpoint.
    @discardableResult
    func process(_ update: GovernanceLogUpdate) async throws -> LogCheckpoint {
        let checkpoint = try LogCheckpoint.verify(update.checkpoint, genesis: configuration.genesis).document
        let now = configuration.clock()
        guard checkpoint.time <= now + 300 else {
            throw DirectoryClientError(.badResponse, "checkpoint signed in the future (\(checkpoint.time))")
        }
        var touched = Set(pending.map(\.subject))
        var newlyLogged: [(VerifiedGovernanceAction, GovernanceState.Change)] = []
        var next = log
        for entry in update.entries where entry.leaf.position >= next.size {
            do {
                let (action, change) = try next.append(entry)
                touched.insert(action.subject)
                newlyLogged.append((action, change))
            } catch {
                // A bad entry from this authority: keep what verified, try another authority.
                log = next
                throw DirectoryClientError(.badResponse, "log entry \(entry.leaf.position) refused: \(error)")
            }
        }
        log = next
        var fresh: [VerifiedGovernanceAction] = []
        for envelope in update.pending {
            do {
                fresh.append(try verifier.verify(envelope))
            } catch {
                logger.warning(
                    "authority streamed an action that does not verify",
                    metadata: ["authority": "\(currentAuthority)", "reason": "\(error)"])
            }
        }
        pending = fresh.sorted { ($0.action.sequence, $0.id) < ($1.action.sequence, $1.id) }
        pendingDigest = update.pendingDigest
        for action in pending { touched.insert(action.subject) }
        recomputeEnforced()
        await dispatch(touched: touched, newlyLogged: newlyLogged)

        if checkpoint.size == log.size {
            if checkpoint.head == log.head {
                checkpointTime = max(checkpointTime ?? 0, checkpoint.time)
                if consensusAhead.map({ $0 <= log.size }) == true { consensusAhead = nil }
            } else {
                forkDetected = "authority \(currentAuthority) signed another head at size \(checkpoint.size)"
                logger.critical("authority checkpoint contradicts the verified log", metadata: ["size": "\(log.size)"])
                throw DirectoryClientError(.badResponse, forkDetected ?? "")
            }
        }
        if !newlyLogged.isEmpty || !update.pending.isEmpty { save() }
        return checkpoint
    }

    /// enforced = the log's state with the pending actions applied in (sequence, id) order.
    private func recomputeEnforced() {
        var state = log.state
        for action in pending {
            do { try state.apply(action) } catch {
                // Already logged (duplicate) or overtaken: the log's record stands.
            }
        }
        enforced = state
    }

    /// Reports every change of revocation status among `touched` to the handler, plus parameter
    /// changes that reached the log.
    private func dispatch(
        touched: Set<GovernanceSubject>, newlyLogged: [(VerifiedGovernanceAction, GovernanceState.Change)]
    ) async {
        let now = configuration.clock()
        for subject in touched.sorted() {
            guard let record = enforced.record(for: subject) else {
                if dispatchedRevoked.remove(subject) != nil {
                    await handler(
                        GovernanceEvent(
                            kind: .reinstated, subject: subject, actionID: Bytes32(repeating: 0), reasonCode: nil,
                            isLogged: false))
                }
                continue
            }
            let logged = log.state.record(for: subject)?.actionID == record.actionID
            if record.kind == .revoke, record.effective > now {
                schedule(subject, at: record.effective)
            }
            let revoked = record.revokes(at: now)
            if revoked, !dispatchedRevoked.contains(subject) {
                dispatchedRevoked.insert(subject)
                logger.notice(
                    "enforcing revocation",
                    metadata: ["subject": "\(subject.kind)", "action": "\(HexString.encode(record.actionID.bytes))"])
                await handler(
                    GovernanceEvent(
                        kind: .revoked, subject: subject, actionID: record.actionID, reasonCode: record.reasonCode,
                        isLogged: logged))
            } else if !revoked, dispatchedRevoked.contains(subject) {
                dispatchedRevoked.remove(subject)
                logger.notice(
                    "lifting revocation",
                    metadata: ["subject": "\(subject.kind)", "action": "\(HexString.encode(record.actionID.bytes))"])
                await handler(
                    GovernanceEvent(
                        kind: .reinstated, subject: subject, actionID: record.actionID, reasonCode: record.reasonCode,
                        isLogged: logged))
            }
        }
        for (action, change) in newlyLogged {
            if case .parametersChanged = change {
                await handler(
                    GovernanceEvent(
                        kind: .parametersChanged, subject: action.subject, actionID: action.id,
                        reasonCode: action.action.reasonCode, isLogged: true))
            }
        }
    }

    /// Re-evaluates `subject` when its revocation takes effect.
    private func schedule(_ subject: GovernanceSubject, at time: UInt64) {
        guard scheduled[subject] == nil else { return }
        let delay = time - min(time, configuration.clock())
        scheduled[subject] = Task { [weak self] in
            try? await Task.sleep(for: .seconds(Int64(delay)) + .milliseconds(10))
            await self?.fire(subject)
        }
    }

    private func fire(_ subject: GovernanceSubject) async {
        scheduled[subject] = nil
        await dispatch(touched: [subject], newlyLogged: [])
    }

    // MARK: Persistence

    /// "SGF1", u64 position, u64 last round, u8 subtree count, subtrees (32 each), u32 + state
    /// snapshot, u32 pending count, each u32 length + envelope. Written atomically.
    private func save() {
        guard let path = configuration.statePath else { return }
        var out = Array("SGF1".utf8)
        appendInteger(log.size, to: &out)
        appendInteger(log.lastRound, to: &out)
        out.append(UInt8(log.frontier.subtrees.count))
        for subtree in log.frontier.subtrees { out += subtree }
        let snapshot = log.state.snapshot()
        appendInteger(UInt32(snapshot.count), to: &out)
        out += snapshot
        let envelopes = pending.compactMap { try? $0.envelope.encoded() }
        appendInteger(UInt32(envelopes.count), to: &out)
        for envelope in envelopes {
            appendInteger(UInt32(envelope.count), to: &out)
            out += envelope
        }
        if !FileBytes.write(path, out) {
            logger.error("cannot save the governance state", metadata: ["path": "\(path)"])
        }
    }

    private func restore(_ bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        guard try reader.take(4) == Array("SGF1".utf8) else {
            throw DirectoryClientError(.badResponse, "not a governance follower state file")
        }
        let size = try reader.integer(UInt64.self)
        let lastRound = try reader.integer(UInt64.self)
        let count = Int(try reader.integer(UInt8.self))
        var subtrees: [[UInt8]] = []
        for _ in 0..<count { subtrees.append(try reader.take(32)) }
        guard let frontier = MerkleFrontier(size: size, subtrees: subtrees) else {
            throw DirectoryClientError(.badResponse, "state file frontier does not match its size")
        }
        let state = try GovernanceState(snapshot: try reader.take(Int(try reader.integer(UInt32.self))))
        var restored: [VerifiedGovernanceAction] = []
        for _ in 0..<Int(try reader.integer(UInt32.self)) {
            let envelope = try reader.take(Int(try reader.integer(UInt32.self)))
            // Verified again: the file is ours, but a signature check is cheap and keeps the rule simple.
            if let action = try? verifier.verify(envelope) { restored.append(action) }
        }
        log = GovernanceLog(verifier: verifier, frontier: frontier, state: state, lastRound: lastRound)
        pending = restored
    }
}

private func appendInteger<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
        out.append(UInt8(truncatingIfNeeded: value >> shift))
    }
}

/// Bounds-checked big-endian reads.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.count - offset else {
            throw DirectoryClientError(.badResponse, "governance state file truncated")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        var value: T = 0
        for byte in try take(T.bitWidth / 8) { value = value << 8 | T(byte) }
        return value
    }
}
