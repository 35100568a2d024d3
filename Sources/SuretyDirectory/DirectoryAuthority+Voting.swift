import CoreMetrics
import Logging
import SuretyCrypto
import SuretyDirectoryClient
public import SuretyDocuments
import SuretyWire

/// The voting protocol (Docs/SPEC-DOCUMENTS.md §D.9). For the round starting at `validAfter`:
///
/// 1. vote time (`validAfter − voteLead`): `vote(validAfter:)` builds and stores this authority's
///    vote and posts it to every peer;
/// 2. signing time (`validAfter − voteLead/2`): `computeAndSign(validAfter:)` pulls votes it is
///    missing from the peers, combines all votes it holds with `ConsensusBuilder`, signs the result
///    and posts the signature to the peers;
/// 3. from then until `validAfter`: `publishIfSigned(validAfter:)` pulls the peers' signatures
///    and publishes once ⌊n/2⌋ + 1 valid signatures over the same body are held.
///
/// Each step is idempotent and reads its inputs from the store, so it can be repeated after a
/// crash. With fewer than ⌊n/2⌋ + 1 authorities up no consensus forms and the old one keeps
/// serving until its valid-until.
extension DirectoryAuthority {
    /// The round starting at `validAfter`.
    public func period(validAfter: UInt64) -> ConsensusPeriod {
        ConsensusPeriod(validAfter: validAfter, parameters: parameters)
    }

    /// Step 1: builds (once) and distributes this authority's vote.
    public func vote(validAfter: UInt64) async throws {
        let me = identity.rawRepresentation
        let envelopeBytes: [UInt8]
        if let existing = try await store.votes(validAfter: validAfter).first(where: { $0.authority == me }) {
            envelopeBytes = existing.envelope
        } else {
            let vote = try await makeVote(period: period(validAfter: validAfter))
            envelopeBytes = try DocumentSigning.sign(vote, with: [configuration.identityKey]).encoded()
            try await store.putVote(validAfter: validAfter, authority: me, envelope: envelopeBytes)
        }
        await postToPeers(path: DirectoryPaths.votes, body: envelopeBytes)
    }

    /// This authority's view: every fresh descriptor with the flags it assigns (SPEC-DOCUMENTS §D.6).
    func makeVote(period: ConsensusPeriod) async throws -> Vote {
        let now = self.now
        let statuses = try await store.relayStatuses()
        var relays: [VoteRelay] = []
        let governance = try await governanceLog.currentState()
        for stored in try await store.descriptors() {
            // A revoked relay is not listed (issue 6: clients drop it with the next consensus too).
            if let subject = try? GovernanceSubject.relay(stored.identity), governance.isRevoked(subject, at: now) {
                continue
            }
            guard let envelope = try? SignedEnvelope(decoding: stored.envelope),
                let descriptor = try? CanonicalDecoder.decode(RelayDescriptor.self, from: envelope.body),
                descriptor.published + UInt64(parameters.descriptorLifetime) > now
            else { continue }
            let member = try await store.member(id: descriptor.operatorID)
            let flags = RelayFlagPolicy.flags(
                descriptor: descriptor, status: statuses[stored.identity], operatorRoles: member.map { $0.roles },
                operatorValidUntil: member?.validUntil, badExit: configuration.badExits.contains(stored.identity),
                reachabilityTested: configuration.testReachability, parameters: parameters, now: now)
            relays.append(
                VoteRelay(
                    identity: stored.identity, descriptor: envelope, flags: flags,
                    measuredBandwidth: descriptor.declaredBandwidth))
        }
        return Vote(
            authority: identity, period: period, published: now, relays: relays,
            membership: try await membershipSummary(), governanceLog: try await governanceLog.head(),
            parameters: parameters, pendingActions: try await governanceLog.pendingIDs())
    }

    /// Accepts a peer's vote (POST /v1/votes): signed by the genesis authority it names, for a
    /// round near now.
    public func receiveVote(_ bytes: [UInt8]) async throws {
        do {
            guard bytes.count <= configuration.maximumVoteSize else {
                throw DirectoryError.tooLarge(configuration.maximumVoteSize)
            }
            let unverified = try Unverified<Vote>(decoding: bytes)
            let claimed = unverified.unverifiedDocument.authority
            guard genesis.authority(claimed) != nil else {
                throw DirectoryError(
                    status: 403, code: "not_an_authority", "the vote's signer is not a genesis authority")
            }
            let vote = try unverified.verify(
                policy: .single(DocumentSigning.keyID(claimed)), using: DocumentSigning.verifier
            )
            .document
            let interval = UInt64(parameters.votingInterval)
            guard vote.period == period(validAfter: vote.period.validAfter), vote.period.validAfter % interval == 0,
                vote.period.validAfter <= now + 2 * interval, vote.period.validAfter + interval >= now
            else {
                throw DirectoryError(
                    status: 422, code: "vote_out_of_round",
                    "vote for valid-after \(vote.period.validAfter) is not for a current round")
            }
            try await store.putVote(
                validAfter: vote.period.validAfter, authority: claimed.rawRepresentation, envelope: bytes)
            metrics.votesReceived.increment()
        } catch {
            throw DirectoryError.from(error)
        }
    }

    /// The votes this authority holds for a round (GET /v1/votes/<valid-after>).
    public func voteBundle(validAfter: UInt64) async throws -> [UInt8] {
        let envelopes = try await store.votes(validAfter: validAfter).map { try SignedEnvelope(decoding: $0.envelope) }
        return try DocumentBundle(envelopes: envelopes).encoded()
    }

    /// Step 2: fetches missing votes, computes the consensus body once, signs it and sends the signature.
    /// Returns false when too few votes are held (no consensus this round).
    @discardableResult
    public func computeAndSign(validAfter: UInt64) async throws -> Bool {
        let pending: (id: [UInt8], body: [UInt8])
        if let existing = try await store.pendingConsensus(validAfter: validAfter) {
            pending = existing
        } else {
            await fetchMissingVotes(validAfter: validAfter)
            var votes: [Vote] = []
            for stored in try await store.votes(validAfter: validAfter) {
                guard let key = try? Ed25519.PublicKey(rawRepresentation: stored.authority),
                    let verified = try? DocumentSigning.verify(
                        Vote.self, from: stored.envelope, policy: .single(DocumentSigning.keyID(key)))
                else { continue }
                votes.append(verified.document)
            }
            let consensus: Consensus
            do {
                consensus = try ConsensusBuilder.build(
                    votes: votes, genesis: genesis, period: period(validAfter: validAfter))
            } catch {
                metrics.consensusFailed.increment()
                logger.warning(
                    "no consensus this round", metadata: ["valid_after": "\(validAfter)", "reason": "\(error)"])
                return false
            }
            let envelope = try SignedEnvelope(document: consensus)
            let id = try DocumentSigning.documentID(of: envelope).bytes
            try await store.putPendingConsensus(validAfter: validAfter, id: id, body: envelope.body)
            pending = (id, envelope.body)
        }
        let envelope = try SignedEnvelope(
            documentType: Consensus.documentType, version: Consensus.version, body: pending.body)
        let signature = try DocumentSigning.signature(over: envelope, with: configuration.identityKey)
        try await store.addSignatures(
            validAfter: validAfter, consensusID: pending.id,
            signatures: [(signature.keyID.bytes, signature.signature.bytes)])
        let message = ConsensusSignatures(
            validAfter: validAfter, consensusID: try Bytes32(pending.id), signatures: try SignatureBlock([signature]))
        await postToPeers(path: DirectoryPaths.signatures, body: try CanonicalEncoder.encode(message))
        _ = try await publishIfSigned(validAfter: validAfter, pullFromPeers: false)
        return true
    }

    /// Accepts signatures from a peer (POST /v1/signatures). They are stored only if this authority
    /// has computed the same body (same consensus id) and each verifies by a genesis authority, so
    /// nobody can fill the database with signatures over other bodies. Signatures that arrive
    /// before this authority computed its body are refused (409 `not_ready`) and pulled later
    /// from the peer (`GET /v1/signatures/<valid-after>`).
    public func receiveSignatures(_ bytes: [UInt8]) async throws {
        do {
            guard bytes.count <= 64 * 1024 else { throw DirectoryError.tooLarge(64 * 1024) }
            let message = try CanonicalDecoder.decode(ConsensusSignatures.self, from: bytes)
            let authorities = Set(genesis.authorities.map { DocumentSigning.keyID($0.identity) })
            let entries = message.signatures.signatures.filter { authorities.contains($0.keyID) }
            guard !entries.isEmpty else {
                throw DirectoryError(status: 403, code: "not_an_authority", "no signature by a genesis authority")
            }
            guard let pending = try await store.pendingConsensus(validAfter: message.validAfter) else {
                throw DirectoryError(
                    status: 409, code: "not_ready",
                    "no consensus computed here yet for valid-after \(message.validAfter)")
            }
            guard pending.id == message.consensusID.bytes else {
                throw DirectoryError(
                    status: 409, code: "different_consensus",
                    "this authority computed another consensus for valid-after \(message.validAfter)")
            }
            let envelope = try SignedEnvelope(
                documentType: Consensus.documentType, version: Consensus.version, body: pending.body)
            let input = try envelope.signingInput
            for entry in entries
            where !DocumentSigning.verifier.isValidSignature(entry.signature, by: entry.keyID, over: input) {
                throw DirectoryError(status: 403, code: "bad_signature", "a consensus signature does not verify")
            }
            try await store.addSignatures(
                validAfter: message.validAfter, consensusID: message.consensusID.bytes,
                signatures: entries.map { ($0.keyID.bytes, $0.signature.bytes) })
            _ = try await publishIfSigned(validAfter: message.validAfter, pullFromPeers: false)
        } catch {
            throw DirectoryError.from(error)
        }
    }

    /// The signatures this authority holds over its own body for a round (GET /v1/signatures/<v>).
    public func signatureBundle(validAfter: UInt64) async throws -> [UInt8] {
        guard let pending = try await store.pendingConsensus(validAfter: validAfter) else {
            throw DirectoryError.notFound("no consensus computed for valid-after \(validAfter)")
        }
        let entries = try await store.signatures(validAfter: validAfter, consensusID: pending.id).map {
            DocumentSignature(keyID: try Bytes32($0.signer), signature: try Bytes64($0.signature))
        }
        return try CanonicalEncoder.encode(
            ConsensusSignatures(
                validAfter: validAfter, consensusID: try Bytes32(pending.id), signatures: try SignatureBlock(entries)))
    }

    /// Step 3: publishes the round's consensus once a majority of valid signatures over this
    /// authority's body are held, and re-publishes it when later signatures arrive (so every
    /// authority ends up serving every signature). Returns whether it is published.
    @discardableResult
    public func publishIfSigned(validAfter: UInt64, pullFromPeers: Bool = true) async throws -> Bool {
        let existing = try await store.consensus(validAfter: validAfter)
        let existingCount = existing.flatMap { try? SignedEnvelope(decoding: $0).signatures.signatures.count } ?? 0
        if existing != nil, existingCount >= genesis.authorities.count { return true }
        guard let pending = try await store.pendingConsensus(validAfter: validAfter) else { return false }
        if pullFromPeers { await fetchPeerSignatures(validAfter: validAfter, consensusID: pending.id) }
        let base = try SignedEnvelope(
            documentType: Consensus.documentType, version: Consensus.version, body: pending.body)
        let input = try base.signingInput
        let authorities = Set(genesis.authorities.map { DocumentSigning.keyID($0.identity) })
        var valid: [DocumentSignature] = []
        for stored in try await store.signatures(validAfter: validAfter, consensusID: pending.id) {
            guard let key = try? Bytes32(stored.signer), let signature = try? Bytes64(stored.signature),
                authorities.contains(key),
                DocumentSigning.verifier.isValidSignature(signature, by: key, over: input)
            else { continue }
            valid.append(DocumentSignature(keyID: key, signature: signature))
        }
        guard valid.count >= genesis.majority else { return existing != nil }
        if existing != nil, valid.count <= existingCount { return true }
        let envelope = try SignedEnvelope(
            documentType: Consensus.documentType, version: Consensus.version, body: pending.body,
            signatures: try SignatureBlock(valid.sorted { $0.keyID < $1.keyID }))
        let bytes = try envelope.encoded()
        _ = try Consensus.verify(bytes, genesis: genesis)  // belt and braces: what we serve verifies
        try await store.putConsensus(validAfter: validAfter, id: pending.id, envelope: bytes)
        if existing != nil { return true }
        await fixGovernancePositions(consensusBody: pending.body, validAfter: validAfter)
        metrics.consensusPublished.increment()
        logger.notice(
            "published consensus", metadata: ["valid_after": "\(validAfter)", "signatures": "\(valid.count)"])
        try await store.prune(before: validAfter - min(validAfter, UInt64(parameters.consensusLifetime) * 4))
        return true
    }

    /// Runs a whole round at once (tests and `surety-dir --once`): vote, sign, publish, with the
    /// peers doing the same concurrently.
    public func runRound(validAfter: UInt64) async throws -> Bool {
        try await vote(validAfter: validAfter)
        try await computeAndSign(validAfter: validAfter)
        return try await publishIfSigned(validAfter: validAfter)
    }

    // MARK: Peer exchange

    func postToPeers(path: String, body: [UInt8]) async {
        await withTaskGroup(of: Void.self) { group in
            for (_, address) in peerAddresses {
                group.addTask { [client, logger] in
                    do {
                        let response = try await client.post(address, path: path, body: body)
                        if response.status >= 300 {
                            logger.info(
                                "peer refused \(path)",
                                metadata: [
                                    "peer": "\(address)", "status": "\(response.status)",
                                    "reason": "\(response.errorText)",
                                ])
                        }
                    } catch {
                        logger.info("peer unreachable", metadata: ["peer": "\(address)", "error": "\(error)"])
                    }
                }
            }
        }
    }

    func fetchMissingVotes(validAfter: UInt64) async {
        let have = Set((try? await store.votes(validAfter: validAfter).map(\.authority)) ?? [])
        let missing = peerAddresses.filter { !have.contains($0.key.rawRepresentation) }
        guard !missing.isEmpty else { return }
        for (_, address) in peerAddresses {
            guard let response = try? await client.get(address, path: DirectoryPaths.votes(validAfter: validAfter)),
                response.status == 200, let bundle = try? DocumentBundle(decoding: response.body)
            else { continue }
            for envelope in bundle.envelopes {
                guard let bytes = try? envelope.encoded() else { continue }
                try? await receiveVote(bytes)
            }
        }
    }

    func fetchPeerSignatures(validAfter: UInt64, consensusID: [UInt8]) async {
        for (_, address) in peerAddresses {
            guard
                let response = try? await client.get(address, path: DirectoryPaths.signatures(validAfter: validAfter)),
                response.status == 200,
                let message = try? CanonicalDecoder.decode(ConsensusSignatures.self, from: response.body),
                message.consensusID.bytes == consensusID
            else { continue }
            // Only signatures by genesis authorities are kept; each is verified again when combined.
            let authorities = Set(genesis.authorities.map { DocumentSigning.keyID($0.identity) })
            try? await store.addSignatures(
                validAfter: validAfter, consensusID: consensusID,
                signatures: message.signatures.signatures.filter { authorities.contains($0.keyID) }.map {
                    ($0.keyID.bytes, $0.signature.bytes)
                })
        }
    }
}
