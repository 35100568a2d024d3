public import Logging
import NIOConcurrencyHelpers
public import SuretyDocuments
import SuretyWire

/// The admitted member set as a guard needs it (issue 5 §2, `require_membership`): fetched
/// incrementally from any authority (`GET /v1/members?since=n`), each admit action verified
/// against the genesis admins (k of m) before it counts, so an authority cannot invent members.
///
/// A relay plugs `isAdmitted` into `RelayConfiguration.admitMember`. Revocations arrive with the
/// governance issue; until then a member stays admitted until its certificate's valid-until.
public final class MemberSetClient: Sendable {
    public let genesis: Genesis
    public let authorities: [String]
    let http: DirectoryHTTPClient
    let logger: Logger
    let clock: @Sendable () -> UInt64
    private let state = NIOLockedValueBox(State())

    struct State {
        var members: [[UInt8]: MemberCertificate] = [:]
        /// Resume position per authority (positions are local to each authority).
        var positions: [String: UInt64] = [:]
    }

    public init(
        genesis: Genesis, authorities: [String]? = nil, http: DirectoryHTTPClient = .init(), logger: Logger,
        clock: @escaping @Sendable () -> UInt64 = ConsensusClient.systemClock
    ) {
        self.genesis = genesis
        self.authorities = authorities ?? genesis.authorities.map(\.address)
        self.http = http
        self.logger = logger
        self.clock = clock
    }

    /// Whether `memberID` holds a certificate with the member role that is valid now.
    public func isAdmitted(_ memberID: [UInt8]) -> Bool {
        let now = clock()
        return state.withLockedValue { state in
            guard let certificate = state.members[memberID] else { return false }
            return certificate.roles.contains(.member) && certificate.isValid(at: now)
        }
    }

    public var count: Int { state.withLockedValue { $0.members.count } }

    /// Fetches new admissions from the first authority that answers; returns how many were added.
    @discardableResult
    public func refresh() async throws -> Int {
        var reasons: [String] = []
        for address in authorities.shuffled() {
            do { return try await refresh(from: address) } catch {
                reasons.append("\(address): \(error)")
            }
        }
        throw DirectoryClientError(
            .noConsensus, "no authority served the member set (\(reasons.joined(separator: "; ")))")
    }

    func refresh(from address: String) async throws -> Int {
        let policy = try genesis.adminPolicy
        var added = 0
        while true {
            let since = state.withLockedValue { $0.positions[address] ?? 0 }
            let response = try await http.get(address, path: "\(DirectoryPaths.members)?since=\(since)")
            guard response.status == 200 else {
                throw DirectoryClientError(.rejected, "HTTP \(response.status): \(response.errorText)")
            }
            let bundle = try DocumentBundle(decoding: response.body)
            var verified: [MemberCertificate] = []
            for envelope in bundle.envelopes {
                do {
                    let action = try Unverified<GovernanceAction>(envelope: envelope)
                        .verify(policy: policy, using: DocumentSigning.verifier).document
                    if action.kind == .admit, let certificate = action.memberCertificate {
                        verified.append(certificate)
                    }
                } catch {
                    logger.warning(
                        "authority served an admit action that does not verify", metadata: ["authority": "\(address)"])
                }
            }
            let next = bundle.nextPosition ?? since
            state.withLockedValue { state in
                for certificate in verified { state.members[certificate.memberID] = certificate }
                state.positions[address] = next
            }
            added += verified.count
            if bundle.envelopes.isEmpty || next <= since { return added }
        }
    }

    /// Refreshes every `interval` seconds until cancelled.
    public func run(interval: UInt64 = 60) async {
        while !Task.isCancelled {
            do { try await refresh() } catch {
                logger.warning("cannot refresh the member set", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(Int64(interval)))
        }
    }
}
