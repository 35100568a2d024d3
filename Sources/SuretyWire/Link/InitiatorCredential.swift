import NIOCore

/// What a link initiator presents in msg3 (Docs/SPEC.md §2.3.2, §2.7).
public enum InitiatorCredential: Hashable, Sendable {
    /// Kind 1: a relay's link certificate.
    case relay(RelayLinkCertificate)
    /// Kind 2: a member's device certificate.
    case memberDevice(DeviceCertificate)
    /// Kind 3: no certificate (authority probes); responders decide whether to accept.
    case anonymous

    /// The kind byte.
    public var kind: UInt8 {
        switch self {
        case .relay: 1
        case .memberDevice: 2
        case .anonymous: 3
        }
    }

    static func read(from buffer: inout ByteBuffer) throws -> InitiatorCredential {
        let kind = try buffer.readWireInteger(UInt8.self, "credential kind")
        switch kind {
        case 1: return .relay(try RelayLinkCertificate.read(from: &buffer))
        case 2: return .memberDevice(try DeviceCertificate.read(from: &buffer))
        case 3: return .anonymous
        default: throw WireError(.invalidField, "unknown credential kind \(kind)")
        }
    }

    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(kind)
        switch self {
        case .relay(let certificate): certificate.encode(into: &buffer)
        case .memberDevice(let certificate): certificate.encode(into: &buffer)
        case .anonymous: break
        }
    }
}
