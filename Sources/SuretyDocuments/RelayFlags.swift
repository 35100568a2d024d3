/// The flags a consensus gives a relay (DESIGN.md "Directory"; thresholds in Docs/SPEC-DOCUMENTS.md §D.6).
/// Encoded as a u16 bit set; unknown bits are kept (and signed) but carry no meaning for v1 readers.
public struct RelayFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Suitable as a first hop: stable, fast, long enough up.
    public static let guardRelay = RelayFlags(rawValue: 1 << 0)
    /// Allows exit streams to some ports.
    public static let exit = RelayFlags(rawValue: 1 << 1)
    /// Long uptime: suitable for long-lived circuits.
    public static let stable = RelayFlags(rawValue: 1 << 2)
    /// Bandwidth at or above the network's threshold.
    public static let fast = RelayFlags(rawValue: 1 << 3)
    /// The authority reached it over a Noise link at its last test.
    public static let running = RelayFlags(rawValue: 1 << 4)
    /// Its descriptor verifies and its operator is an admitted, unrevoked member.
    public static let valid = RelayFlags(rawValue: 1 << 5)
    /// Must not be used as an exit (misbehaving exit reported to the authorities).
    public static let badExit = RelayFlags(rawValue: 1 << 6)

    /// Every flag v1 defines, in bit order, with its name.
    public static let named: [(RelayFlags, String)] = [
        (.guardRelay, "Guard"), (.exit, "Exit"), (.stable, "Stable"), (.fast, "Fast"), (.running, "Running"),
        (.valid, "Valid"), (.badExit, "BadExit"),
    ]

    public var description: String {
        Self.named.filter { contains($0.0) }.map(\.1).joined(separator: ",")
    }
}
