/// The command byte of a cell (Docs/SPEC.md §3.3).
///
/// An enum, not an open struct: an unknown command is a protocol violation that closes the
/// link, so there is no "unknown" value to carry.
public enum CellCommand: UInt8, Hashable, Sendable, CaseIterable {
    case padding = 0
    case create = 1
    case created = 2
    case relay = 3
    case destroy = 4
    case relayEarly = 5
    case netInfo = 6
    case governance = 7

    /// True for commands that travel on circuit id 0 (Docs/SPEC.md §3.2).
    public var isLinkLevel: Bool {
        switch self {
        case .padding, .netInfo, .governance: true
        case .create, .created, .relay, .destroy, .relayEarly: false
        }
    }

    /// Decodes the byte; unknown values throw `unknownCommand`.
    public init(wireValue: UInt8) throws {
        guard let command = CellCommand(rawValue: wireValue) else {
            throw WireError(.unknownCommand, "unknown cell command \(wireValue)")
        }
        self = command
    }
}
