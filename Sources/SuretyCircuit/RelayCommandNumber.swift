/// Relay command numbers (Docs/SPEC.md §6.1), used on the hot path without decoding a message.
public enum RelayCommandNumber {
    public static let begin: UInt8 = 1
    public static let data: UInt8 = 2
    public static let end: UInt8 = 3
    public static let connected: UInt8 = 4
    public static let sendme: UInt8 = 5
    public static let extend: UInt8 = 6
    public static let extended: UInt8 = 7
    public static let truncate: UInt8 = 8
    public static let truncated: UInt8 = 9
    public static let drop: UInt8 = 10
    public static let resolve: UInt8 = 11
    public static let resolved: UInt8 = 12
    public static let beginDir: UInt8 = 13
    public static let token: UInt8 = 14
}

/// SENDME body, version 1 (Docs/SPEC.md §6.4): version u8 = 1, length u16 = 8, 8-byte digest tag.
public enum SendmeBody {
    public static let length = 11

    public static func encode(tag: UInt64) -> [UInt8] {
        var out: [UInt8] = [1, 0, 8]
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: tag >> (56 - 8 * UInt64(i)))) }
        return out
    }

    /// The acknowledged tag, or nil for an empty (stream-level, version 0) SENDME.
    public static func tag(_ body: UnsafeRawBufferPointer) throws(CircuitError) -> UInt64? {
        if body.isEmpty { return nil }
        guard body.count >= length, body[0] == 1, body[1] == 0, body[2] == 8 else {
            throw CircuitError(.flowControl, "malformed SENDME body")
        }
        var tag: UInt64 = 0
        for i in 0..<8 { tag = tag << 8 | UInt64(body[3 + i]) }
        return tag
    }
}

/// Link-level cell command numbers (Docs/SPEC.md §3.3).
public enum CellCommandNumber {
    public static let padding: UInt8 = 0
    public static let create: UInt8 = 1
    public static let created: UInt8 = 2
    public static let relay: UInt8 = 3
    public static let destroy: UInt8 = 4
    public static let relayEarly: UInt8 = 5
    public static let netinfo: UInt8 = 6
    public static let governance: UInt8 = 7
}

/// DESTROY reasons (Docs/SPEC.md §9).
public enum DestroyReasonNumber {
    public static let none: UInt8 = 0
    public static let protocolViolation: UInt8 = 1
    public static let `internal`: UInt8 = 2
    public static let requested: UInt8 = 3
    public static let hibernating: UInt8 = 4
    public static let resourceLimit: UInt8 = 5
    public static let connectFailed: UInt8 = 6
    public static let identityMismatch: UInt8 = 7
    public static let channelClosed: UInt8 = 8
    public static let finished: UInt8 = 9
    public static let timeout: UInt8 = 10
    public static let destroyed: UInt8 = 11
}

/// END reasons (Docs/SPEC.md §9).
public enum EndReasonNumber {
    public static let misc: UInt8 = 1
    public static let resolveFailed: UInt8 = 2
    public static let connectRefused: UInt8 = 3
    public static let exitPolicy: UInt8 = 4
    public static let destroy: UInt8 = 5
    public static let done: UInt8 = 6
    public static let timeout: UInt8 = 7
    public static let noRoute: UInt8 = 8
    public static let hibernating: UInt8 = 9
    public static let `internal`: UInt8 = 10
    public static let resourceLimit: UInt8 = 11
    public static let connectionReset: UInt8 = 12
    public static let protocolViolation: UInt8 = 13
    public static let tokenRequired: UInt8 = 15
}
