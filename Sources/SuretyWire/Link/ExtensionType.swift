/// The type byte of a link or hop handshake extension (Docs/SPEC.md §2.8, §10.3).
public struct ExtensionType: RawRepresentable, Hashable, Sendable, Comparable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Hop handshake: relay protocol versions, n × u16 (Docs/SPEC.md §4.3).
    public static let relayProtocolVersions = ExtensionType(rawValue: 1)
    /// Hop handshake: u32 flags, none defined in v1.
    public static let flags = ExtensionType(rawValue: 2)
    /// Reserved: the client will send TOKEN (Docs/SPEC.md §10.3).
    public static let exitTokenOffer = ExtensionType(rawValue: 16)
    /// Reserved: the exit requires TOKEN before BEGIN.
    public static let exitTokenRequired = ExtensionType(rawValue: 17)
    /// Reserved: link payload stake proof.
    public static let stakeProof = ExtensionType(rawValue: 32)
    /// Reserved: link payload member quota class.
    public static let memberQuotaClass = ExtensionType(rawValue: 33)

    public static func < (lhs: ExtensionType, rhs: ExtensionType) -> Bool { lhs.rawValue < rhs.rawValue }
}
