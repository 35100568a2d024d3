import Hummingbird
import NIOCore
import SuretyCrypto
import SuretyDirectoryClient
import SuretyDocuments
import SuretyWire

/// Routes of the governance log (Docs/SPEC-GOVERNANCE.md §G.6). Thin: each parses its query,
/// calls `GovernanceLogService` and returns a canonical record.
extension DirectoryHTTPServer {
    /// Longest a long-poll waits (seconds).
    static let maximumWait = 60

    static func addGovernanceRoutes(to router: Router<Context>, authority: DirectoryAuthority) {
        let log = authority.governanceLog
        router.get(RouterPath(DirectoryPaths.logEntries)) { request, _ in
            let from = try number(request, "from") ?? 0
            return octets(try await log.update(from: from, knownPending: nil, wait: .zero).encoded())
        }
        router.get(RouterPath(DirectoryPaths.logUpdates)) { request, _ in
            let from = try number(request, "from") ?? 0
            let wait = min(Int(try number(request, "wait") ?? 0), maximumWait)
            var known: Bytes32?
            if let text = request.uri.queryParameters["pending"] {
                guard let bytes = HexString.decode(String(text)), let digest = try? Bytes32(bytes) else {
                    throw DirectoryError.malformed("pending must be 64 hex digits")
                }
                known = digest
            }
            let update = try await log.update(from: from, knownPending: known, wait: .seconds(wait))
            return octets(try update.encoded())
        }
        router.get(RouterPath(DirectoryPaths.logCheckpoint)) { _, _ in
            octets(try await log.checkpoint().encoded())
        }
        router.get(RouterPath(DirectoryPaths.logInclusionProof)) { request, _ in
            guard let index = try number(request, "index") else { throw DirectoryError.malformed("index is required") }
            guard let proof = try await log.inclusionProof(index: index, size: try number(request, "size")) else {
                throw DirectoryError.notFound("no entry \(index) in a log of that size")
            }
            return octets(try CanonicalEncoder.encode(proof))
        }
        router.get(RouterPath(DirectoryPaths.logConsistencyProof)) { request, _ in
            guard let from = try number(request, "from") else { throw DirectoryError.malformed("from is required") }
            guard let proof = try await log.consistencyProof(oldSize: from, newSize: try number(request, "to")) else {
                throw DirectoryError.notFound("no consistency proof between those sizes")
            }
            return octets(try CanonicalEncoder.encode(proof))
        }
        router.get("/v1/log/action/:id") { _, context in
            let id = try Bytes32(try hexParameter(context, "id"))
            guard let envelope = try await log.actionEnvelope(id: id) else {
                throw DirectoryError.notFound("no such governance action here")
            }
            return octets(envelope)
        }
    }

    /// An optional decimal query parameter.
    static func number(_ request: Request, _ name: String) throws -> UInt64? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = UInt64(String(text)) else {
            throw DirectoryError.malformed("\(name) must be a decimal number")
        }
        return value
    }
}
