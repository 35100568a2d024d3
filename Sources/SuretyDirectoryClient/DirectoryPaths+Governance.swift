/// The governance log's HTTP paths (Docs/SPEC-GOVERNANCE.md §G.6). Answers are canonical records.
extension DirectoryPaths {
    /// GET `?from=n` → `log-update` with entries from position n (no waiting).
    public static let logEntries = "/v1/log/entries"
    /// GET `?from=n&pending=<digest hex>&wait=<seconds>` → `log-update`; waits (long-poll) while
    /// nothing is new for a follower at position n that already holds the pending set `digest`.
    public static let logUpdates = "/v1/log/updates"
    /// GET `?index=i[&size=n]` → `inclusion-proof` of entry i in the log of n entries (default: all).
    public static let logInclusionProof = "/v1/log/proof/inclusion"
    /// GET `?from=m[&to=n]` → `consistency-proof` from the log of m entries to the log of n.
    public static let logConsistencyProof = "/v1/log/proof/consistency"
    /// GET → a `log-checkpoint` envelope of the current head, signed by the answering authority.
    public static let logCheckpoint = "/v1/log/checkpoint"
    /// GET `/v1/log/action/<id hex>` → the action envelope (pending or logged).
    public static func logAction(hex id: String) -> String { "/v1/log/action/\(id)" }

    public static func logUpdates(from position: UInt64, pendingHex: String, wait: Int) -> String {
        "\(logUpdates)?from=\(position)&pending=\(pendingHex)&wait=\(wait)"
    }
}
