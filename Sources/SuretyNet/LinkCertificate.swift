import NIOCore
public import SuretyCrypto
import SuretyWire

/// Builds and checks the link handshake payloads (Docs/SPEC.md §2.3–§2.6) with SuretyWire's codecs:
/// a relay's `RelayLinkCertificate` (msg2, and msg3 when a relay dials), a member's
/// `DeviceCertificate` (msg3 from clients) or an anonymous credential (authority probes).
public enum LinkCertificate {
    public static let maxClockSkew: UInt64 = 300
    public static let maxLinkCertificateLifetime: UInt64 = 30 * 86_400
    public static let maxDeviceCertificateLifetime: UInt64 = 30 * 86_400
    static let relayContext = "surety/link-key-cert/v1"
    static let deviceContext = "surety/device-cert/v1"

    static func bytes32(_ bytes: [UInt8]) -> Bytes32 {
        // Keys are 32 bytes by construction (Ed25519/X25519 public keys).
        (try? Bytes32(bytes)) ?? Bytes32(repeating: 0)
    }

    static func bytes64(_ bytes: [UInt8]) -> Bytes64 {
        (try? Bytes64(bytes)) ?? Bytes64(repeating: 0)
    }

    static func encode(_ write: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBuffer()
        write(&buffer)
        return Array(buffer.readableBytesView)
    }

    static func relayCertificate(identity: Ed25519.SigningKey, linkKey: X25519.PublicKey, validUntil: UInt64)
        -> RelayLinkCertificate
    {
        let link = bytes32(linkKey.rawRepresentation)
        let signed = RelayLinkCertificate.signingInput(linkKey: link, validUntil: validUntil)
        return RelayLinkCertificate(
            identityKey: bytes32(identity.publicKey.rawRepresentation), linkKey: link, validUntil: validUntil,
            signature: bytes64(identity.rawSignature(for: signed)))
    }

    /// msg2 payload of a relay (responder).
    public static func relayResponderPayload(
        identity: Ed25519.SigningKey, linkKey: X25519.PublicKey, validUntil: UInt64
    ) -> [UInt8] {
        let certificate = relayCertificate(identity: identity, linkKey: linkKey, validUntil: validUntil)
        guard let payload = try? LinkResponderPayload(certificate: certificate) else { return [] }
        return encode(payload.encode)
    }

    /// msg3 payload of a relay that dials another relay (EXTEND).
    public static func relayInitiatorPayload(
        identity: Ed25519.SigningKey, linkKey: X25519.PublicKey, validUntil: UInt64
    ) -> [UInt8] {
        let certificate = relayCertificate(identity: identity, linkKey: linkKey, validUntil: validUntil)
        guard let payload = try? LinkInitiatorPayload(credential: .relay(certificate)) else { return [] }
        return encode(payload.encode)
    }

    /// msg3 payload of a member's device: the member key certifies the device key until `validUntil`.
    public static func devicePayload(
        member: Ed25519.SigningKey, deviceKey: X25519.PublicKey, validFrom: UInt64, validUntil: UInt64
    ) -> [UInt8] {
        let memberKey = bytes32(member.publicKey.rawRepresentation)
        let memberID = bytes32(memberIDBytes(member.publicKey))
        let device = bytes32(deviceKey.rawRepresentation)
        let signed = DeviceCertificate.signingInput(
            memberID: memberID, memberKey: memberKey, deviceKey: device, validFrom: validFrom, validUntil: validUntil)
        let certificate = DeviceCertificate(
            memberID: memberID, memberKey: memberKey, deviceKey: device, validFrom: validFrom, validUntil: validUntil,
            signature: bytes64(member.rawSignature(for: signed)))
        guard let payload = try? LinkInitiatorPayload(credential: .memberDevice(certificate)) else { return [] }
        return encode(payload.encode)
    }

    /// msg3 payload without a certificate (authority reachability probes, §2.7).
    public static var anonymousPayload: [UInt8] {
        guard let payload = try? LinkInitiatorPayload(credential: .anonymous) else { return [] }
        return encode(payload.encode)
    }

    /// The member id for a member key: BLAKE2b-256 of the key (§2.6).
    public static func memberIDBytes(_ key: Ed25519.PublicKey) -> [UInt8] {
        (try? BLAKE2b.hash(key.rawRepresentation, outputLength: 32)) ?? []
    }

    // MARK: Verification

    /// Checks a responder's msg2 payload against the static key the handshake proved (§2.5).
    public static func verifyResponder(_ payload: [UInt8], staticKey: X25519.PublicKey, now: UInt64) throws
        -> LinkPeer.Kind
    {
        let decoded: LinkResponderPayload
        do { decoded = try LinkResponderPayload(decoding: ByteBuffer(bytes: payload)) } catch {
            throw LinkError(.authenticationFailed, "malformed responder payload: \(error)")
        }
        try requireVersion(decoded.versions)
        return try verifyRelay(decoded.certificate, staticKey: staticKey, now: now)
    }

    /// Checks an initiator's msg3 payload (§2.5, §2.6).
    public static func verifyInitiator(_ payload: [UInt8], staticKey: X25519.PublicKey, now: UInt64) throws
        -> LinkPeer.Kind
    {
        let decoded: LinkInitiatorPayload
        do { decoded = try LinkInitiatorPayload(decoding: ByteBuffer(bytes: payload)) } catch {
            throw LinkError(.authenticationFailed, "malformed initiator payload: \(error)")
        }
        try requireVersion(decoded.versions)
        switch decoded.credential {
        case .relay(let certificate):
            return try verifyRelay(certificate, staticKey: staticKey, now: now)
        case .memberDevice(let certificate):
            return try verifyDevice(certificate, staticKey: staticKey, now: now)
        case .anonymous:
            return .anonymous
        }
    }

    static func requireVersion(_ versions: VersionList) throws {
        guard versions.highestCommon(with: .v1) != nil else {
            throw LinkError(.handshakeFailed, "no common link version")
        }
    }

    static func verifyRelay(_ certificate: RelayLinkCertificate, staticKey: X25519.PublicKey, now: UInt64) throws
        -> LinkPeer.Kind
    {
        guard certificate.linkKey.bytes == staticKey.rawRepresentation else {
            throw LinkError(.authenticationFailed, "link certificate is for another link key")
        }
        let identity = try Ed25519.PublicKey(rawRepresentation: certificate.identityKey.bytes)
        guard identity.isValidRawSignature(certificate.signature.bytes, for: certificate.signingInput) else {
            throw LinkError(.authenticationFailed, "link certificate signature does not verify")
        }
        guard certificate.validUntil + maxClockSkew > now else {
            throw LinkError(.authenticationFailed, "link certificate expired")
        }
        guard certificate.validUntil <= now + maxLinkCertificateLifetime + maxClockSkew else {
            throw LinkError(.authenticationFailed, "link certificate lifetime too long")
        }
        return .relay(identity: certificate.identityKey.bytes)
    }

    static func verifyDevice(_ certificate: DeviceCertificate, staticKey: X25519.PublicKey, now: UInt64) throws
        -> LinkPeer.Kind
    {
        let memberKey = try Ed25519.PublicKey(rawRepresentation: certificate.memberKey.bytes)
        guard certificate.memberID.bytes == memberIDBytes(memberKey) else {
            throw LinkError(.authenticationFailed, "device certificate member id does not match its key")
        }
        guard certificate.deviceKey.bytes == staticKey.rawRepresentation else {
            throw LinkError(.authenticationFailed, "device certificate is for another device key")
        }
        guard memberKey.isValidRawSignature(certificate.signature.bytes, for: certificate.signingInput) else {
            throw LinkError(.authenticationFailed, "device certificate signature does not verify")
        }
        guard certificate.validFrom <= now + maxClockSkew, now < certificate.validUntil + maxClockSkew,
            certificate.validUntil >= certificate.validFrom,
            certificate.validUntil - certificate.validFrom <= maxDeviceCertificateLifetime
        else { throw LinkError(.authenticationFailed, "device certificate is not valid now") }
        return .member(memberID: certificate.memberID.bytes, validUntil: certificate.validUntil)
    }
}
