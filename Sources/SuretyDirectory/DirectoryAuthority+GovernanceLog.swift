import Logging
import SuretyCrypto
import SuretyDirectoryClient
import SuretyDocuments
import SuretyWire

/// The authority's side of the governance log (issue 6 §2): verifying submitted actions with
/// precise reasons, fixing positions after each consensus, and catching up from peers.
extension DirectoryAuthority {
    /// Verifies a submitted action against the genesis admins; refusals become 4xx errors.
    func verifyGovernanceAction(_ bytes: [UInt8]) throws -> VerifiedGovernanceAction {
        do {
            return try governanceVerifier.verify(bytes)
        } catch {
            throw DirectoryError.from(governance: error)
        }
    }

    var governanceVerifier: GovernanceActionVerifier {
        get throws { try GovernanceActionVerifier(genesis: genesis) }
    }

    /// After a consensus is published: appends the actions it lists on the head it agreed,
    /// catching up from peers first when this authority's log is behind and fetching bodies it
    /// lacks. Failures are logged, never thrown: the next round retries (the votes then carry
    /// this authority's older head, which the majority rule outvotes).
    func fixGovernancePositions(consensusBody: [UInt8], validAfter: UInt64) async {
        guard let consensus = try? CanonicalDecoder.decode(Consensus.self, from: consensusBody) else { return }
        var extra: [[UInt8]] = []
        for _ in 0..<3 {
            let outcome: GovernanceLogService.RoundOutcome
            do {
                outcome = try await governanceLog.appendRound(
                    validAfter: validAfter, agreed: consensus.governanceLog, appends: consensus.governanceAppends,
                    extra: extra)
            } catch {
                logger.error("cannot append the governance round", metadata: ["error": "\(error)"])
                return
            }
            switch outcome {
            case .appended, .alreadyApplied:
                return
            case .behind:
                await syncGovernanceLog()
            case .missing(let ids):
                extra += await fetchActions(ids)
            }
        }
        logger.warning("governance log not appended this round", metadata: ["round": "\(validAfter)"])
    }

    /// Fetches log entries this authority lacks from its peers, verifying each.
    @discardableResult
    public func syncGovernanceLog() async -> Int {
        var added = 0
        for (_, address) in peerAddresses {
            while true {
                guard let from = try? await governanceLog.size,
                    let response = try? await client.get(address, path: "\(DirectoryPaths.logEntries)?from=\(from)"),
                    response.status == 200, let update = try? GovernanceLogUpdate(decoding: response.body),
                    !update.entries.isEmpty
                else { break }
                do {
                    let count = try await governanceLog.appendVerified(entries: update.entries)
                    added += count
                    if count == 0 { break }
                } catch {
                    logger.warning(
                        "peer served governance log entries that do not verify",
                        metadata: ["peer": "\(address)", "error": "\(error)"])
                    break
                }
            }
        }
        return added
    }

    /// Action envelopes by id from the peers (for actions a consensus lists that never reached us).
    func fetchActions(_ ids: [Bytes32]) async -> [[UInt8]] {
        var found: [[UInt8]] = []
        for id in ids {
            for (_, address) in peerAddresses {
                if let response = try? await client.get(
                    address, path: DirectoryPaths.logAction(hex: HexString.encode(id.bytes))),
                    response.status == 200
                {
                    found.append(response.body)
                    break
                }
            }
        }
        return found
    }
}

extension DirectoryError {
    /// The HTTP refusal for a governance rejection: 400 malformed, 403 signatures, 409 replays and
    /// order, 413 size (Docs/SPEC-GOVERNANCE.md §G.6).
    public static func from(governance error: any Error) -> DirectoryError {
        guard let rejection = error as? GovernanceRejection else { return .from(error) }
        let status: Int
        switch rejection.code {
        case .insufficientSignatures, .signerNotAdmin: status = 403
        case .duplicate, .staleSequence, .notRevoked, .brokenChain: status = 409
        case .tooLarge: status = 413
        default: status = 400
        }
        return DirectoryError(status: status, code: rejection.code.rawValue, rejection.message)
    }
}
