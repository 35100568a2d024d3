import NIOCore
import SuretyWire

/// The circuit layer's single point of contact with message body layouts: thin adapters from the
/// relay and client services to SuretyWire's codecs (Docs/SPEC.md §3, §6), working on the payload
/// where it lies. Every decode failure becomes a `CircuitError` (which tears the circuit down with
/// PROTOCOL, §9.3); no service parses bytes by hand.
public enum CircuitMessages {
    /// An EXTEND request (Docs/SPEC.md §6.9) in the form the services use.
    public struct ExtendRequest: Sendable {
        public var address: [UInt8]
        public var port: UInt16
        public var identity: [UInt8]
        public var linkKey: [UInt8]
        public var onionKey: [UInt8]
        public var handshakeType: UInt16
        public var handshake: [UInt8]

        public init(
            address: [UInt8], port: UInt16, identity: [UInt8], linkKey: [UInt8], onionKey: [UInt8],
            handshakeType: UInt16, handshake: [UInt8]
        ) {
            self.address = address
            self.port = port
            self.identity = identity
            self.linkKey = linkKey
            self.onionKey = onionKey
            self.handshakeType = handshakeType
            self.handshake = handshake
        }
    }

    static func buffer(_ bytes: UnsafeRawBufferPointer) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    static func wire<T>(_ what: String, _ body: () throws -> T) throws(CircuitError) -> T {
        do { return try body() } catch { throw CircuitError(.protocolViolation, "malformed \(what): \(error)") }
    }

    static func relayMessage(_ command: RelayCommand, _ data: UnsafeRawBufferPointer) throws(CircuitError)
        -> RelayMessage
    {
        try wire("\(command)") { try RelayMessage.decode(command: command, body: buffer(data)) }
    }

    static func encode(_ message: RelayMessage) -> [UInt8] {
        var out = ByteBuffer()
        message.encode(into: &out)
        return Array(out.readableBytesView)
    }

    // MARK: CREATE / CREATED (§3.5, §3.6)

    public static func decodeCreate(_ payload: UnsafeRawBufferPointer) throws(CircuitError) -> (UInt16, [UInt8]) {
        let create = try wire("CREATE") { try CellMessage.Create(decoding: buffer(payload)) }
        return (create.handshakeType.rawValue, Array(create.handshake.readableBytesView))
    }

    public static func encodeCreate(type: UInt16, handshake: [UInt8], into payload: UnsafeMutableRawBufferPointer) {
        guard
            let create = try? CellMessage.Create(
                handshakeType: HandshakeType(rawValue: type), handshake: ByteBuffer(bytes: handshake))
        else { return }  // Our own handshake messages are always within limits.
        copy(create.encode, into: payload)
    }

    public static func decodeCreated(_ payload: UnsafeRawBufferPointer) throws(CircuitError) -> [UInt8] {
        let created = try wire("CREATED") { try CellMessage.Created(decoding: buffer(payload)) }
        return Array(created.handshake.readableBytesView)
    }

    public static func encodeLengthPrefixed(_ handshake: [UInt8], into payload: UnsafeMutableRawBufferPointer) {
        guard let created = try? CellMessage.Created(handshake: ByteBuffer(bytes: handshake)) else { return }
        copy(created.encode, into: payload)
    }

    private static func copy(_ encode: (inout ByteBuffer) -> Void, into payload: UnsafeMutableRawBufferPointer) {
        var out = ByteBuffer()
        encode(&out)
        out.withUnsafeReadableBytes { bytes in
            let count = min(bytes.count, payload.count)
            payload.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: count)
        }
    }

    // MARK: EXTEND / EXTENDED (§6.9, §6.10)

    public static func decodeExtend(_ data: UnsafeRawBufferPointer) throws(CircuitError) -> ExtendRequest {
        guard case .extend(let extend) = try relayMessage(.extend, data) else {
            throw CircuitError(.protocolViolation, "not an EXTEND")
        }
        let address: [UInt8]
        let port: UInt16
        if let v4 = extend.ipv4 {
            let value = v4.address.value
            address = [
                UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff),
            ]
            port = v4.port
        } else if let v6 = extend.ipv6 {
            address =
                (0..<8).map { UInt8(truncatingIfNeeded: v6.address.high >> (56 - 8 * UInt64($0))) }
                + (0..<8).map { UInt8(truncatingIfNeeded: v6.address.low >> (56 - 8 * UInt64($0))) }
            port = v6.port
        } else {
            throw CircuitError(.protocolViolation, "EXTEND without an address")
        }
        return ExtendRequest(
            address: address, port: port, identity: extend.identityKey.bytes, linkKey: extend.linkKey.bytes,
            onionKey: extend.onionKey.bytes, handshakeType: extend.handshakeType.rawValue,
            handshake: Array(extend.handshake.readableBytesView))
    }

    public static func encodeExtend(_ request: ExtendRequest) throws(CircuitError) -> [UInt8] {
        try wire("EXTEND (local)") {
            var ipv4: IPv4Endpoint?
            var ipv6: IPv6Endpoint?
            if request.address.count == 4 {
                let a = request.address
                ipv4 = try IPv4Endpoint(address: IPv4Address(a[0], a[1], a[2], a[3]), port: request.port)
            } else {
                let high = request.address.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let low = request.address.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                ipv6 = try IPv6Endpoint(address: IPv6Address(high: high, low: low), port: request.port)
            }
            let extend = try RelayMessage.Extend(
                ipv4: ipv4, ipv6: ipv6, identityKey: Bytes32(request.identity), linkKey: Bytes32(request.linkKey),
                onionKey: Bytes32(request.onionKey), handshakeType: HandshakeType(rawValue: request.handshakeType),
                handshake: ByteBuffer(bytes: request.handshake))
            return encode(.extend(extend))
        }
    }

    public static func encodeExtended(_ handshake: [UInt8]) throws(CircuitError) -> [UInt8] {
        try wire("EXTENDED (local)") {
            encode(.extended(try RelayMessage.Extended(handshake: ByteBuffer(bytes: handshake))))
        }
    }

    public static func decodeExtended(_ data: UnsafeRawBufferPointer) throws(CircuitError) -> [UInt8] {
        guard case .extended(let extended) = try relayMessage(.extended, data) else {
            throw CircuitError(.protocolViolation, "not an EXTENDED")
        }
        return Array(extended.handshake.readableBytesView)
    }

    // MARK: Streams (§6.3–§6.6)

    public static func encodeBegin(host: String, port: Int) throws(CircuitError) -> [UInt8] {
        try wire("BEGIN (local)") {
            let literal = host.contains(":") ? "[\(host)]" : host
            return encode(.begin(try RelayMessage.Begin(host: literal, port: UInt16(clamping: port))))
        }
    }

    /// BEGIN: returns host (IPv6 literals without brackets) and port.
    public static func decodeBegin(_ data: UnsafeRawBufferPointer) throws(CircuitError) -> (String, Int) {
        guard case .begin(let begin) = try relayMessage(.begin, data) else {
            throw CircuitError(.protocolViolation, "not a BEGIN")
        }
        var host = begin.host
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, Int(begin.port))
    }

    /// CONNECTED with the address the exit connected to (4 or 16 bytes), TTL one hour.
    public static func encodeConnected(address: [UInt8]) -> [UInt8] {
        let net: NetAddress?
        switch address.count {
        case 4: net = .ipv4(IPv4Address(address[0], address[1], address[2], address[3]))
        case 16:
            let high = address.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = address.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            net = .ipv6(IPv6Address(high: high, low: low))
        default: net = nil
        }
        guard let net, let connected = try? RelayMessage.Connected(address: AddressTTL(address: net, ttl: 3600)) else {
            return encode(.connected(.empty))
        }
        return encode(.connected(connected))
    }

    /// END or TRUNCATED with a reason (END reasons §9.2, DESTROY reasons §9.1 share the byte).
    public static func encodeReason(_ reason: UInt8) -> [UInt8] {
        if let end = try? RelayMessage.End(reason: EndReason(rawValue: reason)) { return encode(.end(end)) }
        return [reason]
    }

    public static func encodeTruncated(_ reason: UInt8) -> [UInt8] {
        encode(.truncated(RelayMessage.Truncated(reason: DestroyReason(rawValue: reason))))
    }

    /// The reason byte of END, TRUNCATED or DESTROY (unknown or empty: 0, treated as MISC/NONE).
    public static func decodeReason(_ data: UnsafeRawBufferPointer) -> UInt8 { data.first ?? 0 }
}
