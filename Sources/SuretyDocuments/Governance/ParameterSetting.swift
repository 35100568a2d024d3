public import SuretyWire

/// One protocol parameter set by a `param-change` action (Docs/SPEC-GOVERNANCE.md §G.1, record
/// `param`): the parameter's name as in the genesis parameters record and its new value.
public struct ParameterSetting: Hashable, Sendable, CanonicalRecord {
    /// Parameters a change may set, with the largest value each accepts. Durations are seconds,
    /// bandwidths bytes/s, `require_membership` 0 or 1.
    public static let known: [String: UInt64] = [
        "voting_interval": UInt64(UInt32.max), "vote_lead": UInt64(UInt32.max),
        "consensus_lifetime": UInt64(UInt32.max), "epoch_length": UInt64(UInt32.max),
        "stable_uptime": UInt64(UInt32.max), "guard_uptime": UInt64(UInt32.max), "fast_bandwidth": UInt64.max,
        "guard_bandwidth": UInt64.max, "descriptor_lifetime": UInt64(UInt32.max), "require_membership": 1,
    ]

    public var name: String
    public var value: UInt64

    public init(name: String, value: UInt64) throws {
        self.name = name
        self.value = value
        try validate()
    }

    func validate() throws {
        guard let maximum = Self.known[name] else {
            throw DocumentError(.invalidField, "unknown protocol parameter \"\(name)\"")
        }
        guard value <= maximum else {
            throw DocumentError(.invalidField, "parameter \(name) must be at most \(maximum), got \(value)")
        }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(name, tag: 2)
        try w.encode(value, tag: 4)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        name = try r.decode(String.self, tag: 2)
        value = try r.decode(UInt64.self, tag: 4)
        try validate()
    }
}
