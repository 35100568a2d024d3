public import NIOCore

/// Binds a relay's X25519 link key to its Ed25519 identity (Docs/SPEC.md §2.5).
///
/// Only the wire shape lives here; `signingInput` is what an Ed25519 verifier (SuretyCrypto)
/// checks `signature` against with `identityKey`.
public struct RelayLinkCertificate: Hashable, Sendable {
    public static let encodedLength = 136

    public let identityKey: Bytes32
    public let linkKey: Bytes32
    /// Seconds since the Unix epoch.
    public let validUntil: UInt64
    public let signature: Bytes64

    public init(identityKey: Bytes32, linkKey: Bytes32, validUntil: UInt64, signature: Bytes64) {
        self.identityKey = identityKey
        self.linkKey = linkKey
        self.validUntil = validUntil
        self.signature = signature
    }

    /// The domain-separated bytes the identity key signs: context, link key, valid-until.
    public var signingInput: [UInt8] {
        Self.signingInput(linkKey: linkKey, validUntil: validUntil)
    }

    /// The bytes to sign when issuing a certificate.
    public static func signingInput(linkKey: Bytes32, validUntil: UInt64) -> [UInt8] {
        var message = ByteBuffer()
        linkKey.write(to: &message)
        message.writeInteger(validUntil)
        return SignatureDomain.linkKeyCertificate.signingInput(message.readableBytesView)
    }

    /// Decodes exactly `encodedLength` bytes.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        self = try Self.read(from: &buffer)
        try buffer.requireFullyConsumed("link certificate")
    }

    static func read(from buffer: inout ByteBuffer) throws -> RelayLinkCertificate {
        RelayLinkCertificate(
            identityKey: try buffer.readBytes32("certificate identity key"),
            linkKey: try buffer.readBytes32("certificate link key"),
            validUntil: try buffer.readWireInteger(UInt64.self, "certificate valid-until"),
            signature: try buffer.readBytes64("certificate signature")
        )
    }

    public func encode(into buffer: inout ByteBuffer) {
        identityKey.write(to: &buffer)
        linkKey.write(to: &buffer)
        buffer.writeInteger(validUntil)
        signature.write(to: &buffer)
    }
}
