public import NIOCore

/// The payload of link handshake msg3: versions, the initiator's credential, extensions
/// (Docs/SPEC.md §2.3.2).
public struct LinkInitiatorPayload: Hashable, Sendable {
    public let versions: VersionList
    public let credential: InitiatorCredential
    public let extensions: ExtensionList

    public init(versions: VersionList = .v1, credential: InitiatorCredential, extensions: ExtensionList = .empty) throws
    {
        self.versions = versions
        self.credential = credential
        self.extensions = extensions
        guard encodedLength <= WireLimits.maxLinkPayload else {
            throw WireError(.invalidArgument, "link payload exceeds \(WireLimits.maxLinkPayload) bytes")
        }
    }

    /// Decodes a whole decrypted msg3 payload.
    public init(decoding bytes: ByteBuffer) throws {
        guard bytes.readableBytes <= WireLimits.maxLinkPayload else {
            throw WireError(.tooLong, "link payload of \(bytes.readableBytes) bytes")
        }
        var buffer = bytes
        versions = try VersionList.read(from: &buffer)
        credential = try InitiatorCredential.read(from: &buffer)
        extensions = try ExtensionList(decoding: buffer)
    }

    public var encodedLength: Int {
        let credentialLength: Int
        switch credential {
        case .relay: credentialLength = RelayLinkCertificate.encodedLength
        case .memberDevice: credentialLength = DeviceCertificate.encodedLength
        case .anonymous: credentialLength = 0
        }
        return 1 + 2 * versions.versions.count + 1 + credentialLength + extensions.encodedLength
    }

    public func encode(into buffer: inout ByteBuffer) {
        versions.write(to: &buffer)
        credential.write(to: &buffer)
        extensions.encode(into: &buffer)
    }
}
