/// The directory's HTTP paths (Docs/SPEC-DOCUMENTS.md §D.12). Bodies and answers are canonical
/// records / signed envelopes (`application/octet-stream`); errors are JSON.
public enum DirectoryPaths {
    public static let health = "/healthz"
    public static let metrics = "/metrics"
    /// POST a relay descriptor envelope; GET the bundle of current descriptors.
    public static let descriptors = "/v1/descriptors"
    /// POST a governance action envelope.
    public static let governance = "/v1/governance"
    /// GET the bundle of member certificates (admit actions); `?since=N` for those after position N.
    public static let members = "/v1/members"
    /// GET the newest consensus envelope.
    public static let consensus = "/v1/consensus"
    /// GET a consensus by valid-after: `/v1/consensus/<valid-after>`.
    public static func consensus(validAfter: UInt64) -> String { "/v1/consensus/\(validAfter)" }
    /// GET the diff from the consensus with this id (hex) to the newest.
    public static func consensusDiff(fromHex id: String) -> String { "/v1/consensus/diff/\(id)" }
    /// GET one member certificate by member id (hex).
    public static func member(hex id: String) -> String { "/v1/members/\(id)" }
    /// POST a vote envelope (authorities); GET `/v1/votes/<valid-after>` → bundle of held votes.
    public static let votes = "/v1/votes"
    public static func votes(validAfter: UInt64) -> String { "/v1/votes/\(validAfter)" }
    /// POST consensus signatures (authorities); GET `/v1/signatures/<valid-after>` → the held ones.
    public static let signatures = "/v1/signatures"
    public static func signatures(validAfter: UInt64) -> String { "/v1/signatures/\(validAfter)" }
}
