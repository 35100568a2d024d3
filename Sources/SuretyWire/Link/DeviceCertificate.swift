public import NIOCore

/// A member identity key's delegation to a short-lived device key, the member's Noise static
/// key on guard links (Docs/SPEC.md §2.6).
///
/// Only the wire shape lives here; the guard checks the member id hash, the signature over
/// `signingInput`, the validity window and revocation elsewhere.
public struct DeviceCertificate: Hashable, Sendable {
    public static let encodedLength = 176

    /// BLAKE2b-256 of `memberKey`.
    public let memberID: Bytes32
    /// Member Ed25519 identity key; the signer.
    public let memberKey: Bytes32
    /// X25519 device static key; must equal the link's Noise `rs`.
    public let deviceKey: Bytes32
    public let validFrom: UInt64
    public let validUntil: UInt64
    public let signature: Bytes64

    public init(
        memberID: Bytes32,
        memberKey: Bytes32,
        deviceKey: Bytes32,
        validFrom: UInt64,
        validUntil: UInt64,
        signature: Bytes64
    ) {
        self.memberID = memberID
        self.memberKey = memberKey
        self.deviceKey = deviceKey
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.signature = signature
    }

    /// The domain-separated bytes the member key signs.
    public var signingInput: [UInt8] {
        Self.signingInput(
            memberID: memberID,
            memberKey: memberKey,
            deviceKey: deviceKey,
            validFrom: validFrom,
            validUntil: validUntil
        )
    }

    /// The bytes to sign when issuing a certificate.
    public static func signingInput(
        memberID: Bytes32,
        memberKey: Bytes32,
        deviceKey: Bytes32,
        validFrom: UInt64,
        validUntil: UInt64
    ) -> [UInt8] {
        var message = ByteBuffer()
        memberID.write(to: &message)
        memberKey.write(to: &message)
        deviceKey.write(to: &message)
        message.writeMultipleIntegers(validFrom, validUntil)
        return SignatureDomain.deviceCertificate.signingInput(message.readableBytesView)
    }

    /// Decodes exactly `encodedLength` bytes.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        self = try Self.read(from: &buffer)
        try buffer.requireFullyConsumed("device certificate")
    }

    static func read(from buffer: inout ByteBuffer) throws -> DeviceCertificate {
        DeviceCertificate(
            memberID: try buffer.readBytes32("device certificate member id"),
            memberKey: try buffer.readBytes32("device certificate member key"),
            deviceKey: try buffer.readBytes32("device certificate device key"),
            validFrom: try buffer.readWireInteger(UInt64.self, "device certificate valid-from"),
            validUntil: try buffer.readWireInteger(UInt64.self, "device certificate valid-until"),
            signature: try buffer.readBytes64("device certificate signature")
        )
    }

    public func encode(into buffer: inout ByteBuffer) {
        memberID.write(to: &buffer)
        memberKey.write(to: &buffer)
        deviceKey.write(to: &buffer)
        buffer.writeMultipleIntegers(validFrom, validUntil)
        signature.write(to: &buffer)
    }
}
