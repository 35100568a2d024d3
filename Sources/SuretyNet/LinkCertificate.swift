public import SuretyCrypto

/// The certificates carried in link handshake payloads (Docs/SPEC.md §2.3).
/// INTERIM layout helpers until SuretyWire's `LinkInitiatorPayload`/`LinkResponderPayload` land.
///
/// kind 1, relay: identity Ed25519 key (32) ‖ valid-until u64 ‖ signature (64) by the identity key
///   over context "surety/link-key-cert/v1", message = link static key (32) ‖ valid-until.
/// kind 2, member device: member Ed25519 key (32) ‖ valid-from u64 ‖ valid-until u64 ‖ signature (64)
///   by the member key over context "surety/device-cert/v1", message = device static key (32) ‖
///   valid-from ‖ valid-until. The member id is BLAKE2b-256 of the member key.
/// kind 3, anonymous: nothing else.
public enum LinkCertificate {
    public static let relayContext = "surety/link-key-cert/v1"
    public static let deviceContext = "surety/device-cert/v1"

    /// A relay's certificate for its link key, valid for `lifetime` seconds from `now`.
    public static func relay(identity: Ed25519.SigningKey, linkKey: X25519.PublicKey, validUntil: UInt64) -> [UInt8] {
        let signed = linkKey.rawRepresentation + bigEndian(validUntil)
        return [1] + identity.publicKey.rawRepresentation + bigEndian(validUntil)
            + identity.signature(for: signed, context: relayContext)
    }

    /// A member's certificate for a device key.
    public static func device(
        member: Ed25519.SigningKey, deviceKey: X25519.PublicKey, validFrom: UInt64, validUntil: UInt64
    ) -> [UInt8] {
        let signed = deviceKey.rawRepresentation + bigEndian(validFrom) + bigEndian(validUntil)
        return [2] + member.publicKey.rawRepresentation + bigEndian(validFrom) + bigEndian(validUntil)
            + member.signature(for: signed, context: deviceContext)
    }

    public static let anonymous: [UInt8] = [3]

    /// The member id for a member key (BLAKE2b-256 of the key).
    public static func memberID(_ key: Ed25519.PublicKey) -> [UInt8] {
        (try? BLAKE2b.hash(key.rawRepresentation, outputLength: 32)) ?? []
    }

    /// Verifies a payload against the static key the Noise handshake proved, at time `now`.
    public static func verify(_ payload: [UInt8], staticKey: X25519.PublicKey, now: UInt64) throws -> LinkPeer.Kind {
        guard let kind = payload.first else { throw LinkError(.authenticationFailed, "empty certificate") }
        switch kind {
        case 1:
            guard payload.count == 1 + 32 + 8 + 64 else {
                throw LinkError(.authenticationFailed, "relay certificate has the wrong length")
            }
            let identity = Array(payload[1..<33])
            let validUntil = readBigEndian(payload[33..<41])
            let signature = Array(payload[41..<105])
            let key = try Ed25519.PublicKey(rawRepresentation: identity)
            guard
                key.isValidSignature(
                    signature, for: staticKey.rawRepresentation + bigEndian(validUntil), context: relayContext)
            else { throw LinkError(.authenticationFailed, "relay certificate signature does not verify") }
            guard validUntil >= now else { throw LinkError(.authenticationFailed, "relay certificate expired") }
            return .relay(identity: identity)
        case 2:
            guard payload.count == 1 + 32 + 8 + 8 + 64 else {
                throw LinkError(.authenticationFailed, "device certificate has the wrong length")
            }
            let memberKey = try Ed25519.PublicKey(rawRepresentation: payload[1..<33])
            let validFrom = readBigEndian(payload[33..<41])
            let validUntil = readBigEndian(payload[41..<49])
            let signature = Array(payload[49..<113])
            let signed = staticKey.rawRepresentation + bigEndian(validFrom) + bigEndian(validUntil)
            guard memberKey.isValidSignature(signature, for: signed, context: deviceContext) else {
                throw LinkError(.authenticationFailed, "device certificate signature does not verify")
            }
            guard validFrom <= now + 300, validUntil >= now else {
                throw LinkError(.authenticationFailed, "device certificate is not valid now")
            }
            return .member(memberID: memberID(memberKey), validUntil: validUntil)
        case 3:
            guard payload.count == 1 else { throw LinkError(.authenticationFailed, "malformed anonymous payload") }
            return .anonymous
        default:
            throw LinkError(.authenticationFailed, "unknown certificate kind \(kind)")
        }
    }

    static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    static func readBigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
