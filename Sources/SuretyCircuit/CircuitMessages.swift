/// The circuit layer's single point of contact with message body layouts (Docs/SPEC.md §3, §6).
/// INTERIM: these codecs delegate to SuretyWire's message types once that target lands; keeping them
/// in one file makes that swap mechanical.
public enum CircuitMessages {
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

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func u8() throws(CircuitError) -> UInt8 {
            guard offset < bytes.count else { throw CircuitError(.protocolViolation, "truncated message") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u16() throws(CircuitError) -> UInt16 {
            UInt16(try u8()) << 8 | UInt16(try u8())
        }

        mutating func take(_ count: Int) throws(CircuitError) -> [UInt8] {
            guard count >= 0, offset + count <= bytes.count else {
                throw CircuitError(.protocolViolation, "truncated message")
            }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
    }

    public static func decodeCreate(_ payload: UnsafeRawBufferPointer) throws(CircuitError) -> (UInt16, [UInt8]) {
        var reader = Reader(bytes: payload)
        let type = try reader.u16()
        let length = try reader.u16()
        return (type, try reader.take(Int(length)))
    }

    public static func encodeCreate(type: UInt16, handshake: [UInt8], into payload: UnsafeMutableRawBufferPointer) {
        payload[0] = UInt8(type >> 8)
        payload[1] = UInt8(type & 0xff)
        encodeLengthPrefixed(handshake, into: UnsafeMutableRawBufferPointer(rebasing: payload[2...]))
    }

    public static func decodeCreated(_ payload: UnsafeRawBufferPointer) throws(CircuitError) -> [UInt8] {
        var reader = Reader(bytes: payload)
        let length = try reader.u16()
        return try reader.take(Int(length))
    }

    public static func encodeLengthPrefixed(_ bytes: [UInt8], into payload: UnsafeMutableRawBufferPointer) {
        payload[0] = UInt8(bytes.count >> 8)
        payload[1] = UInt8(bytes.count & 0xff)
        for (index, byte) in bytes.enumerated() { payload[2 + index] = byte }
    }

    public static func decodeExtend(_ data: UnsafeRawBufferPointer) throws(CircuitError) -> ExtendRequest {
        var reader = Reader(bytes: data)
        let addressType = try reader.u8()
        let address: [UInt8]
        switch addressType {
        case 4: address = try reader.take(4)
        case 6: address = try reader.take(16)
        default: throw CircuitError(.protocolViolation, "EXTEND with unknown address type \(addressType)")
        }
        let port = try reader.u16()
        let identity = try reader.take(32)
        let linkKey = try reader.take(32)
        let onionKey = try reader.take(32)
        let type = try reader.u16()
        let length = try reader.u16()
        let handshake = try reader.take(Int(length))
        return ExtendRequest(
            address: address, port: port, identity: identity, linkKey: linkKey, onionKey: onionKey,
            handshakeType: type, handshake: handshake)
    }

    public static func encodeExtended(_ handshake: [UInt8]) -> [UInt8] {
        [UInt8(handshake.count >> 8), UInt8(handshake.count & 0xff)] + handshake
    }

    /// BEGIN: "host:port" NUL, flags u32. Returns host and port.
    public static func decodeBegin(_ data: UnsafeRawBufferPointer) throws(CircuitError) -> (String, Int) {
        guard let nul = data.firstIndex(of: 0) else {
            throw CircuitError(.protocolViolation, "BEGIN without NUL terminator")
        }
        let text = String(decoding: data[0..<nul], as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { throw CircuitError(.protocolViolation, "BEGIN target is not host:port") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, host.utf8.count <= 255 else {
            throw CircuitError(.protocolViolation, "BEGIN host invalid")
        }
        return (host, port)
    }

    public static func encodeExtend(_ request: ExtendRequest) -> [UInt8] {
        var out: [UInt8] = [request.address.count == 16 ? 6 : 4] + request.address
        out += [UInt8(request.port >> 8), UInt8(request.port & 0xff)]
        out += request.identity + request.linkKey + request.onionKey
        out += [UInt8(request.handshakeType >> 8), UInt8(request.handshakeType & 0xff)]
        out += [UInt8(request.handshake.count >> 8), UInt8(request.handshake.count & 0xff)] + request.handshake
        return out
    }

    public static func encodeBegin(host: String, port: Int) -> [UInt8] {
        let target = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return Array(target.utf8) + [0, 0, 0, 0, 0]
    }

    public static func decodeExtended(_ data: UnsafeRawBufferPointer) throws(CircuitError) -> [UInt8] {
        var reader = Reader(bytes: data)
        let length = try reader.u16()
        return try reader.take(Int(length))
    }

    public static func encodeConnected(address: [UInt8]) -> [UInt8] {
        [address.count == 16 ? 6 : 4] + address + [0, 0, 0x0e, 0x10]
    }

    public static func encodeReason(_ reason: UInt8) -> [UInt8] { [reason] }

    public static func decodeReason(_ data: UnsafeRawBufferPointer) -> UInt8 { data.first ?? 0 }
}
