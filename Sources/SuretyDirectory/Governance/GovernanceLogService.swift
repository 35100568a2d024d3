public import Logging
public import SuretyCrypto
public import SuretyDocuments
public import SuretyWire

/// One authority's governance log and its pool of pending actions (Docs/SPEC-GOVERNANCE.md §G.4,
/// §G.6): what `GET /v1/log/...` serves and what followers stream.
///
/// - A verified action that applies enters the pending pool at once and is streamed to followers
///   at once: enforcement never waits for a consensus.
/// - Positions are fixed by the consensus: the authority votes its pending ids, the consensus
///   lists the ids a majority holds, and every authority appends them in the same order
///   (sequence, then id) on the agreed head, so every authority's log is the same bytes.
/// - State is in the store; on start the log is replayed and verified from genesis.
public actor GovernanceLogService {
    public let genesis: Genesis
    let identityKey: Ed25519.SigningKey
    let store: any GovernanceLogStore
    let verifier: GovernanceActionVerifier
    let clock: @Sendable () -> UInt64
    let logger: Logger

    private var log: GovernanceLog
    /// Verified pending actions, in arrival order, and the state with them applied on the log's.
    private var pending: [(action: VerifiedGovernanceAction, bytes: [UInt8])] = []
    private var pendingState = GovernanceState()
    private var loaded = false
    /// Ids of logged actions by position (to find an action's entry).
    private var positions: [Bytes32: UInt64] = [:]

    // Long-poll waiters: resumed whenever the log or the pending pool changes.
    private var revision: UInt64 = 0
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var unregisteredWaiters: Set<UInt64> = []
    private var cancelledWaiters: Set<UInt64> = []
    private var nextWaiter: UInt64 = 0

    public init(
        genesis: Genesis, identityKey: Ed25519.SigningKey, store: any GovernanceLogStore,
        clock: @escaping @Sendable () -> UInt64, logger: Logger
    ) throws {
        self.genesis = genesis
        self.identityKey = identityKey
        self.store = store
        verifier = try GovernanceActionVerifier(genesis: genesis)
        self.clock = clock
        self.logger = logger
        log = GovernanceLog(verifier: verifier)
    }

    /// Replays the stored log (verifying every entry) and the pending pool, once.
    func loadIfNeeded() async throws {
        guard !loaded else { return }
        var replay = GovernanceLog(verifier: verifier)
        var ids: [Bytes32: UInt64] = [:]
        while true {
            let batch = try await store.logEntries(from: replay.size, limit: 1000)
            guard !batch.isEmpty else { break }
            for stored in batch {
                do {
                    let (action, _) = try replay.append(try GovernanceLogEntry(decoding: stored.entry))
                    ids[action.id] = stored.position
                } catch {
                    // The database was changed behind our back: refuse to serve a log we cannot verify.
                    throw DirectoryError(
                        status: 500, code: "log_corrupt",
                        "stored log entry \(stored.position) does not verify: \(error)")
                }
            }
        }
        log = replay
        positions = ids
        pending = []
        for stored in try await store.pendingActions() {
            guard let action = try? verifier.verify(stored.envelope), positions[action.id] == nil else { continue }
            pending.append((action, stored.envelope))
        }
        rebuildPendingState()
        loaded = true
        logger.info("governance log loaded", metadata: ["size": "\(log.size)", "pending": "\(pending.count)"])
    }

    // MARK: Accepting actions

    /// Whether `action` would apply now (against the log and the pending pool).
    public func check(_ action: VerifiedGovernanceAction) async throws {
        try await loadIfNeeded()
        try pendingState.check(action)
    }

    /// Adds a verified action to the pending pool (durably) and wakes the followers. Throws the
    /// rejection if it does not apply (a replay, a stale sequence, a reinstatement of nothing).
    public func addPending(_ action: VerifiedGovernanceAction) async throws {
        try await loadIfNeeded()
        var next = pendingState
        try next.apply(action)
        let bytes = try action.envelope.encoded()
        try await store.putPendingAction(StoredPendingAction(id: action.id.bytes, envelope: bytes, received: clock()))
        pending.append((action, bytes))
        pendingState = next
        bump()
    }

    /// The pending ids this authority votes (ascending).
    public func pendingIDs() async throws -> [Bytes32] {
        try await loadIfNeeded()
        return pending.map(\.action.id).sorted()
    }

    /// The log head this authority votes.
    public func head() async throws -> GovernanceLogHead {
        try await loadIfNeeded()
        return GovernanceLogHead(head: log.head.bytes, size: log.size)
    }

    /// The governance state including pending actions (what the authority enforces in its votes).
    public func currentState() async throws -> GovernanceState {
        try await loadIfNeeded()
        return pendingState
    }

    /// The envelope of an action this authority holds (pending or logged), by id.
    public func actionEnvelope(id: Bytes32) async throws -> [UInt8]? {
        try await loadIfNeeded()
        if let match = pending.first(where: { $0.action.id == id }) { return match.bytes }
        guard let position = positions[id],
            let stored = try await store.logEntries(from: position, limit: 1).first,
            let entry = try? GovernanceLogEntry(decoding: stored.entry)
        else { return nil }
        return try entry.envelope.encoded()
    }

    // MARK: Fixing positions

    /// What `appendRound` found.
    public enum RoundOutcome: Sendable, Equatable {
        /// The round's actions were appended (count), or there were none.
        case appended(Int)
        /// This round (or a later one) is already in the log.
        case alreadyApplied
        /// The local log is not the head the consensus agreed on: sync from a peer first.
        case behind(have: UInt64, agreed: UInt64)
        /// Bodies of these listed actions are missing: fetch them from a peer first.
        case missing([Bytes32])
    }

    /// Appends the actions the consensus of round `validAfter` lists, on the agreed head
    /// `agreed`, ordered by (sequence, id). Actions that no longer apply are skipped (every
    /// authority skips the same ones) and dropped from the pending pool.
    public func appendRound(
        validAfter: UInt64, agreed: GovernanceLogHead, appends: [Bytes32], extra: [[UInt8]] = []
    ) async throws -> RoundOutcome {
        try await loadIfNeeded()
        if log.lastRound >= validAfter, log.size > 0 { return .alreadyApplied }
        guard log.size == agreed.size, log.head.bytes == agreed.head else {
            if log.size > agreed.size, log.lastRound < validAfter {
                // Our log went further than the agreed head without this round: it diverged.
                logger.error(
                    "governance log differs from the consensus head",
                    metadata: ["size": "\(log.size)", "agreed": "\(agreed.size)"])
            }
            return .behind(have: log.size, agreed: agreed.size)
        }
        guard !appends.isEmpty else { return .appended(0) }
        var byID: [Bytes32: VerifiedGovernanceAction] = [:]
        for item in pending { byID[item.action.id] = item.action }
        for bytes in extra {
            if let action = try? verifier.verify(bytes) { byID[action.id] = action }
        }
        let missing = appends.filter { byID[$0] == nil && positions[$0] == nil }
        guard missing.isEmpty else { return .missing(missing) }
        let ordered = appends.compactMap { byID[$0] }.sorted {
            ($0.action.sequence, $0.id) < ($1.action.sequence, $1.id)
        }
        var next = log
        var stored: [StoredLogEntry] = []
        var skipped = 0
        for action in ordered {
            do {
                let entry = try next.makeEntry(for: action, round: validAfter)
                try next.append(entry)
                stored.append(
                    StoredLogEntry(position: entry.leaf.position, actionID: action.id.bytes, entry: try entry.encoded())
                )
            } catch {
                skipped += 1
                logger.info(
                    "listed governance action does not apply; skipped",
                    metadata: ["action": "\(action.idHex)", "reason": "\(error)"])
            }
        }
        try await store.appendLogEntries(stored, removingPending: appends.map(\.bytes))
        for entry in stored { positions[try Bytes32(entry.actionID)] = entry.position }
        log = next
        let appended = Set(appends)
        pending.removeAll { appended.contains($0.action.id) }
        rebuildPendingState()
        bump()
        logger.notice(
            "governance log appended",
            metadata: ["round": "\(validAfter)", "entries": "\(stored.count)", "size": "\(log.size)"])
        return .appended(stored.count)
    }

    /// Appends entries fetched from a peer (catching up after downtime): each must continue the
    /// log and verify, exactly as a follower checks them.
    public func appendVerified(entries: [GovernanceLogEntry]) async throws -> Int {
        try await loadIfNeeded()
        var next = log
        var stored: [StoredLogEntry] = []
        for entry in entries where entry.leaf.position >= next.size {
            let (action, _) = try next.append(entry)
            stored.append(
                StoredLogEntry(position: entry.leaf.position, actionID: action.id.bytes, entry: try entry.encoded()))
        }
        guard !stored.isEmpty else { return 0 }
        let ids = stored.map(\.actionID)
        try await store.appendLogEntries(stored, removingPending: ids)
        for entry in stored { positions[try Bytes32(entry.actionID)] = entry.position }
        log = next
        let appended = Set(ids)
        pending.removeAll { appended.contains($0.action.id.bytes) }
        rebuildPendingState()
        bump()
        return stored.count
    }

    private func rebuildPendingState() {
        var state = log.state
        var kept: [(action: VerifiedGovernanceAction, bytes: [UInt8])] = []
        for item in pending {
            do {
                try state.apply(item.action)
                kept.append(item)
            } catch {
                // A conflicting action reached the log first; this one can never apply now.
                logger.info(
                    "pending governance action dropped",
                    metadata: ["action": "\(item.action.idHex)", "reason": "\(error)"])
            }
        }
        if kept.count != pending.count {
            let dropped = Set(pending.map(\.action.id)).subtracting(kept.map(\.action.id)).map(\.bytes)
            let store = self.store
            Task { try? await store.removePendingActions(ids: dropped) }
        }
        pending = kept
        pendingState = state
    }

    // MARK: Serving

    public var size: UInt64 {
        get async throws {
            try await loadIfNeeded()
            return log.size
        }
    }

    /// Entries from `position`, at most `limit`.
    public func entries(from position: UInt64, limit: Int = GovernanceLogUpdate.maximumEntries) async throws
        -> [GovernanceLogEntry]
    {
        try await loadIfNeeded()
        return try await store.logEntries(from: position, limit: min(limit, GovernanceLogUpdate.maximumEntries)).map {
            try GovernanceLogEntry(decoding: $0.entry)
        }
    }

    public func inclusionProof(index: UInt64, size: UInt64?) async throws -> InclusionProof? {
        try await loadIfNeeded()
        return log.inclusionProof(index: index, size: size ?? log.size)
    }

    public func consistencyProof(oldSize: UInt64, newSize: UInt64?) async throws -> ConsistencyProof? {
        try await loadIfNeeded()
        return log.consistencyProof(oldSize: oldSize, newSize: newSize ?? log.size)
    }

    /// A checkpoint of the current head signed by this authority.
    public func checkpoint() async throws -> SignedEnvelope {
        try await loadIfNeeded()
        let checkpoint = LogCheckpoint(size: log.size, head: log.head, time: clock(), round: log.lastRound)
        return try DocumentSigning.sign(checkpoint, with: [identityKey])
    }

    /// The long-poll answer (Docs/SPEC-GOVERNANCE.md §G.6): returns at once if the log has entries
    /// from `position` on or the pending pool differs from `knownPending`; otherwise waits until
    /// one of those changes or `wait` passes, then answers with whatever there is.
    public func update(from position: UInt64, knownPending: Bytes32?, wait: Duration) async throws
        -> GovernanceLogUpdate
    {
        try await loadIfNeeded()
        if position >= log.size, let knownPending, knownPending == currentDigest, wait > .zero {
            let seen = revision
            await waitForChange(after: seen, timeout: wait)
        }
        let entries = try await self.entries(from: position)
        let pendingEnvelopes = pending.prefix(GovernanceLogUpdate.maximumPending).map(\.action.envelope)
        return GovernanceLogUpdate(
            entries: entries, pending: pendingEnvelopes, checkpoint: try await checkpoint(),
            pendingDigest: currentDigest)
    }

    private var currentDigest: Bytes32 { GovernanceLogUpdate.pendingDigest(of: pending.map(\.action.id)) }

    // MARK: Waiting for changes

    private func bump() {
        revision &+= 1
        let resumed = waiters
        waiters = [:]
        for waiter in resumed.values { waiter.resume() }
    }

    private func waitForChange(after seen: UInt64, timeout: Duration) async {
        let id = nextWaiter
        nextWaiter += 1
        unregisteredWaiters.insert(id)
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.release(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                unregisteredWaiters.remove(id)
                if revision != seen || cancelledWaiters.remove(id) != nil {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.release(id) }
        }
        timer.cancel()
    }

    private func release(_ id: UInt64) {
        if let waiter = waiters.removeValue(forKey: id) {
            waiter.resume()
        } else if unregisteredWaiters.contains(id) {
            cancelledWaiters.insert(id)
        }
    }
}
