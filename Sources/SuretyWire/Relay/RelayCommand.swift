/// The relay command of a relay cell (Docs/SPEC.md §6.1).
///
/// An enum: an unknown relay command destroys the circuit, so there is no unknown value to keep.
public enum RelayCommand: UInt8, Hashable, Sendable, CaseIterable {
    case begin = 1
    case data = 2
    case end = 3
    case connected = 4
    case sendme = 5
    case extend = 6
    case extended = 7
    case truncate = 8
    case truncated = 9
    case drop = 10
    case resolve = 11
    case resolved = 12
    case beginDir = 13
    case token = 14

    /// Which stream ids a command may use (Docs/SPEC.md §6.1).
    public enum StreamUsage: Hashable, Sendable {
        /// Stream id must be nonzero.
        case stream
        /// Stream id must be 0.
        case circuit
        /// Either; the meaning differs (SENDME).
        case either
    }

    public var streamUsage: StreamUsage {
        switch self {
        case .begin, .data, .end, .connected, .resolve, .resolved, .beginDir: .stream
        case .extend, .extended, .truncate, .truncated, .drop, .token: .circuit
        case .sendme: .either
        }
    }

    /// Decodes the byte; unknown values throw `unknownCommand`.
    public init(wireValue: UInt8) throws {
        guard let command = RelayCommand(rawValue: wireValue) else {
            throw WireError(.unknownCommand, "unknown relay command \(wireValue)")
        }
        self = command
    }

    /// Throws `invalidStreamID` if `streamID` is of the wrong class for this command.
    public func validate(streamID: StreamID) throws {
        switch (streamUsage, streamID.isCircuitLevel) {
        case (.stream, true):
            throw WireError(.invalidStreamID, "\(self) needs a nonzero stream id")
        case (.circuit, false):
            throw WireError(.invalidStreamID, "\(self) needs stream id 0")
        default:
            return
        }
    }
}
