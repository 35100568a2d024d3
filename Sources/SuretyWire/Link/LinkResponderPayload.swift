public import NIOCore

/// The payload of link handshake msg2: versions, the relay's link certificate, extensions
/// (Docs/SPEC.md §2.3.1).
public struct LinkResponderPayload: Hashable, Sendable {
    public let versions: VersionList
    public let certificate: RelayLinkCertificate
    public let extensions: ExtensionList

    public init(versions: VersionList = .v1, certificate: RelayLinkCertificate, extensions: ExtensionList = .empty)
        throws
    {
        self.versions = versions
        self.certificate = certificate
        self.extensions = extensions
        guard encodedLength <= WireLimits.maxLinkPayload else {
            throw WireError(.invalidArgument, "link payload exceeds \(WireLimits.maxLinkPayload) bytes")
        }
    }

    /// Decodes a whole decrypted msg2 payload.
    public init(decoding bytes: ByteBuffer) throws {
        guard bytes.readableBytes <= WireLimits.maxLinkPayload else {
            throw WireError(.tooLong, "link payload of \(bytes.readableBytes) bytes")
        }
        var buffer = bytes
        versions = try VersionList.read(from: &buffer)
        certificate = try RelayLinkCertificate.read(from: &buffer)
        extensions = try ExtensionList(decoding: buffer)
    }

    public var encodedLength: Int {
        1 + 2 * versions.versions.count + RelayLinkCertificate.encodedLength + extensions.encodedLength
    }

    public func encode(into buffer: inout ByteBuffer) {
        versions.write(to: &buffer)
        certificate.encode(into: &buffer)
        extensions.encode(into: &buffer)
    }
}
