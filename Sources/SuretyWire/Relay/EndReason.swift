/// An END reason (Docs/SPEC.md §9.2).
///
/// Open struct: unknown values received from a peer are kept (and treated like `misc`).
public struct EndReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let misc = EndReason(rawValue: 1)
    public static let resolveFailed = EndReason(rawValue: 2)
    public static let connectRefused = EndReason(rawValue: 3)
    public static let exitPolicy = EndReason(rawValue: 4)
    public static let destroy = EndReason(rawValue: 5)
    public static let done = EndReason(rawValue: 6)
    public static let timeout = EndReason(rawValue: 7)
    public static let noRoute = EndReason(rawValue: 8)
    public static let hibernating = EndReason(rawValue: 9)
    public static let `internal` = EndReason(rawValue: 10)
    public static let resourceLimit = EndReason(rawValue: 11)
    public static let connectionReset = EndReason(rawValue: 12)
    /// A protocol violation on the stream (Tor's TORPROTOCOL).
    public static let `protocol` = EndReason(rawValue: 13)
    public static let notDirectory = EndReason(rawValue: 14)
    /// The exit needs an accepted TOKEN before BEGIN (Docs/SPEC.md §6.15).
    public static let tokenRequired = EndReason(rawValue: 15)

    /// True for values assigned by Docs/SPEC.md §9.2.
    public var isKnown: Bool { (1...15).contains(rawValue) }

    public var description: String {
        let names = [
            "MISC", "RESOLVEFAILED", "CONNECTREFUSED", "EXITPOLICY", "DESTROY", "DONE", "TIMEOUT", "NOROUTE",
            "HIBERNATING", "INTERNAL", "RESOURCELIMIT", "CONNRESET", "PROTOCOL", "NOTDIRECTORY", "TOKEN_REQUIRED",
        ]
        return isKnown ? names[Int(rawValue) - 1] : "UNKNOWN(\(rawValue))"
    }
}
