public import NIOCore

/// A relay message: the body of a relay cell, by command (Docs/SPEC.md §6).
///
/// Every associated value validates itself on construction, so `encode(into:)` cannot fail and
/// never writes more than `RelayCell.maxDataLength` bytes.
public enum RelayMessage: Hashable, Sendable {
    case begin(Begin)
    case data(Data)
    case end(End)
    case connected(Connected)
    case sendme(Sendme)
    case extend(Extend)
    case extended(Extended)
    case truncate(Truncate)
    case truncated(Truncated)
    case drop(Drop)
    case resolve(Resolve)
    case resolved(Resolved)
    case beginDir(BeginDir)
    case token(Token)

    public var command: RelayCommand {
        switch self {
        case .begin: .begin
        case .data: .data
        case .end: .end
        case .connected: .connected
        case .sendme: .sendme
        case .extend: .extend
        case .extended: .extended
        case .truncate: .truncate
        case .truncated: .truncated
        case .drop: .drop
        case .resolve: .resolve
        case .resolved: .resolved
        case .beginDir: .beginDir
        case .token: .token
        }
    }

    /// Decodes `body` (exactly the relay cell's data bytes) as a `command` message. Throws if
    /// the body is malformed or has trailing bytes.
    public static func decode(command: RelayCommand, body: ByteBuffer) throws -> RelayMessage {
        guard body.readableBytes <= RelayCell.maxDataLength else {
            throw WireError(.tooLong, "relay body of \(body.readableBytes) bytes exceeds \(RelayCell.maxDataLength)")
        }
        switch command {
        case .begin: return .begin(try Begin(decoding: body))
        case .data: return .data(try Data(decoding: body))
        case .end: return .end(try End(decoding: body))
        case .connected: return .connected(try Connected(decoding: body))
        case .sendme: return .sendme(try Sendme(decoding: body))
        case .extend: return .extend(try Extend(decoding: body))
        case .extended: return .extended(try Extended(decoding: body))
        case .truncate: return .truncate(try Truncate(decoding: body))
        case .truncated: return .truncated(try Truncated(decoding: body))
        case .drop: return .drop(Drop(decoding: body))
        case .resolve: return .resolve(try Resolve(decoding: body))
        case .resolved: return .resolved(try Resolved(decoding: body))
        case .beginDir: return .beginDir(try BeginDir(decoding: body))
        case .token: return .token(try Token(decoding: body))
        }
    }

    /// Appends the message body (without relay header or padding).
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .begin(let m): m.encode(into: &buffer)
        case .data(let m): m.encode(into: &buffer)
        case .end(let m): m.encode(into: &buffer)
        case .connected(let m): m.encode(into: &buffer)
        case .sendme(let m): m.encode(into: &buffer)
        case .extend(let m): m.encode(into: &buffer)
        case .extended(let m): m.encode(into: &buffer)
        case .truncate(let m): m.encode(into: &buffer)
        case .truncated(let m): m.encode(into: &buffer)
        case .drop(let m): m.encode(into: &buffer)
        case .resolve(let m): m.encode(into: &buffer)
        case .resolved(let m): m.encode(into: &buffer)
        case .beginDir(let m): m.encode(into: &buffer)
        case .token(let m): m.encode(into: &buffer)
        }
    }

    /// Throws `invalidStreamID` if this message may not travel on `streamID`: the command's
    /// class (Docs/SPEC.md §6.1), and for SENDME the form (digest on stream 0 only, §6.7).
    public func validate(streamID: StreamID) throws {
        try command.validate(streamID: streamID)
        if case .sendme(let sendme) = self, (sendme.digest == nil) != !streamID.isCircuitLevel {
            throw WireError(
                .invalidStreamID,
                streamID.isCircuitLevel
                    ? "circuit-level SENDME needs the authenticated form"
                    : "stream-level SENDME must be empty"
            )
        }
    }
}
