public import SuretyWire

/// Record `params` of Docs/SPEC-DOCUMENTS.md §D.2.
extension ProtocolParameters: CanonicalRecord {
    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(votingInterval, tag: 2)
        try w.encode(voteLead, tag: 4)
        try w.encode(consensusLifetime, tag: 6)
        try w.encode(epochLength, tag: 8)
        try w.encode(stableUptime, tag: 10)
        try w.encode(guardUptime, tag: 12)
        try w.encode(fastBandwidth, tag: 14)
        try w.encode(guardBandwidth, tag: 16)
        try w.encode(descriptorLifetime, tag: 18)
        try w.encode(requireMembership, tag: 20)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        self.init(
            votingInterval: try r.decode(UInt32.self, tag: 2), voteLead: try r.decode(UInt32.self, tag: 4),
            consensusLifetime: try r.decode(UInt32.self, tag: 6), epochLength: try r.decode(UInt32.self, tag: 8),
            stableUptime: try r.decode(UInt32.self, tag: 10), guardUptime: try r.decode(UInt32.self, tag: 12),
            fastBandwidth: try r.decode(UInt64.self, tag: 14), guardBandwidth: try r.decode(UInt64.self, tag: 16),
            descriptorLifetime: try r.decode(UInt32.self, tag: 18), requireMembership: try r.decode(Bool.self, tag: 20))
        try validate()
    }
}
