import NIOCore

/// An address in the encoding of Docs/SPEC.md §1.5: type u8, length u8, value.
///
/// Used by NETINFO, CONNECTED, END and RESOLVED; each use restricts the allowed kinds.
public enum NetAddress: Hashable, Sendable {
    case ipv4(IPv4Address)
    case ipv6(IPv6Address)
    /// A hostname (Docs/SPEC.md §1.6); only in RESOLVED answers.
    case hostname(Hostname)
    /// Resolution failed, transiently (0xF0); only in RESOLVED.
    case transientError
    /// Resolution failed, permanently (0xF1); only in RESOLVED.
    case permanentError

    /// Which address kinds a field accepts.
    enum Allowed {
        case ipOnly
        case resolvedAnswer
    }

    static let typeHostname: UInt8 = 0x00
    static let typeIPv4: UInt8 = 0x04
    static let typeIPv6: UInt8 = 0x06
    static let typeTransientError: UInt8 = 0xF0
    static let typePermanentError: UInt8 = 0xF1

    /// True for the IPv4 and IPv6 cases.
    public var isIP: Bool {
        switch self {
        case .ipv4, .ipv6: true
        default: false
        }
    }

    /// True for the two error cases.
    public var isError: Bool {
        switch self {
        case .transientError, .permanentError: true
        default: false
        }
    }

    /// Bytes of the encoding.
    public var encodedLength: Int {
        switch self {
        case .ipv4: 2 + 4
        case .ipv6: 2 + 16
        case .hostname(let name): 2 + name.utf8Count
        case .transientError, .permanentError: 2
        }
    }

    static func read(from buffer: inout ByteBuffer, allowed: Allowed) throws -> NetAddress {
        let type = try buffer.readWireInteger(UInt8.self, "address type")
        let length = Int(try buffer.readWireInteger(UInt8.self, "address length"))
        var value = try buffer.readWireSlice(length: length, "address value")
        let address: NetAddress
        switch type {
        case typeIPv4:
            guard length == 4, let v = value.readInteger(as: UInt32.self) else {
                throw WireError(.invalidLength, "IPv4 address needs length 4, got \(length)")
            }
            address = .ipv4(IPv4Address(v))
        case typeIPv6:
            guard length == 16, let high = value.readInteger(as: UInt64.self),
                let low = value.readInteger(as: UInt64.self)
            else {
                throw WireError(.invalidLength, "IPv6 address needs length 16, got \(length)")
            }
            address = .ipv6(IPv6Address(high: high, low: low))
        case typeHostname where allowed == .resolvedAnswer:
            address = .hostname(try Hostname(validating: value))
        case typeTransientError where allowed == .resolvedAnswer, typePermanentError where allowed == .resolvedAnswer:
            guard length == 0 else {
                throw WireError(.invalidLength, "error answer needs length 0, got \(length)")
            }
            address = type == typeTransientError ? .transientError : .permanentError
        default:
            throw WireError(.invalidField, "address type \(type) not allowed here")
        }
        return address
    }

    func write(to buffer: inout ByteBuffer) {
        switch self {
        case .ipv4(let a):
            buffer.writeMultipleIntegers(Self.typeIPv4, UInt8(4), a.value)
        case .ipv6(let a):
            buffer.writeMultipleIntegers(Self.typeIPv6, UInt8(16), a.high, a.low)
        case .hostname(let name):
            buffer.writeMultipleIntegers(Self.typeHostname, UInt8(name.utf8Count))
            buffer.writeString(name.value)
        case .transientError:
            buffer.writeMultipleIntegers(Self.typeTransientError, UInt8(0))
        case .permanentError:
            buffer.writeMultipleIntegers(Self.typePermanentError, UInt8(0))
        }
    }
}
