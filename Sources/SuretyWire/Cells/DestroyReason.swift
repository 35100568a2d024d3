/// A DESTROY (and TRUNCATED) reason (Docs/SPEC.md §9.1).
///
/// Open struct: unknown values received from a peer are kept (and treated like `none`).
public struct DestroyReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let none = DestroyReason(rawValue: 0)
    public static let `protocol` = DestroyReason(rawValue: 1)
    public static let `internal` = DestroyReason(rawValue: 2)
    public static let requested = DestroyReason(rawValue: 3)
    public static let hibernating = DestroyReason(rawValue: 4)
    public static let resourceLimit = DestroyReason(rawValue: 5)
    public static let connectFailed = DestroyReason(rawValue: 6)
    public static let relayIdentity = DestroyReason(rawValue: 7)
    public static let channelClosed = DestroyReason(rawValue: 8)
    public static let finished = DestroyReason(rawValue: 9)
    public static let timeout = DestroyReason(rawValue: 10)
    public static let destroyed = DestroyReason(rawValue: 11)
    public static let noSuchService = DestroyReason(rawValue: 12)
    /// Reserved for local logs and link-close explanations; never sent (Docs/SPEC.md §3.7).
    public static let revoked = DestroyReason(rawValue: 13)

    /// True for values assigned by Docs/SPEC.md §9.1.
    public var isKnown: Bool { rawValue <= 13 }

    public var description: String {
        let names = [
            "NONE", "PROTOCOL", "INTERNAL", "REQUESTED", "HIBERNATING", "RESOURCELIMIT", "CONNECTFAILED",
            "OR_IDENTITY", "CHANNEL_CLOSED", "FINISHED", "TIMEOUT", "DESTROYED", "NOSUCHSERVICE", "REVOKED",
        ]
        return isKnown ? names[Int(rawValue)] : "UNKNOWN(\(rawValue))"
    }
}
