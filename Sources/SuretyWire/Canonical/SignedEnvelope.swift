/// A document body with its detached signatures (Docs/SPEC.md §7.7), itself a canonical
/// record: tag 2 document type, 4 version, 6 body, 8 signature block.
///
/// The body is kept as the exact bytes that were signed; decoding it as a document is
/// `Unverified`'s job.
public struct SignedEnvelope: Hashable, Sendable {
    static let tagDocumentType: UInt16 = 2
    static let tagVersion: UInt16 = 4
    static let tagBody: UInt16 = 6
    static let tagSignatures: UInt16 = 8

    public let documentType: String
    public let version: UInt16
    /// The canonical record that the signatures cover.
    public let body: [UInt8]
    public let signatures: SignatureBlock

    public init(documentType: String, version: UInt16, body: [UInt8], signatures: SignatureBlock = .empty) throws {
        try DocumentTypeName.validate(documentType, code: .invalidArgument)
        guard version >= 1 else { throw WireError(.invalidArgument, "document version 0") }
        _ = try CanonicalFieldList(decoding: body)
        self.documentType = documentType
        self.version = version
        self.body = body
        self.signatures = signatures
    }

    /// Encodes `document` as the body of an envelope of its type and version.
    public init<Document: CanonicalDocument>(document: Document, signatures: SignatureBlock = .empty) throws {
        try self.init(
            documentType: Document.documentType,
            version: Document.version,
            body: try CanonicalEncoder.encode(document),
            signatures: signatures
        )
    }

    /// Decodes an envelope strictly (Docs/SPEC.md §7.4, §7.7).
    public init(decoding bytes: [UInt8]) throws {
        var decoder = try CanonicalDecoder(bytes)
        let documentType = try decoder.decode(String.self, tag: Self.tagDocumentType)
        try DocumentTypeName.validate(documentType, code: .invalidField)
        let version = try decoder.decode(UInt16.self, tag: Self.tagVersion)
        guard version >= 1 else { throw WireError(.invalidField, "document version 0") }
        guard let body = try decoder.rawValue(tag: Self.tagBody) else {
            throw WireError(.missingField, "envelope has no body")
        }
        guard let signatureBytes = try decoder.rawValue(tag: Self.tagSignatures) else {
            throw WireError(.missingField, "envelope has no signature block")
        }
        try decoder.finish()
        let bodyBytes = Array(body)
        _ = try CanonicalFieldList(decoding: bodyBytes)
        self.documentType = documentType
        self.version = version
        self.body = bodyBytes
        self.signatures = try SignatureBlock(decoding: signatureBytes)
    }

    public func encoded() throws -> [UInt8] {
        var encoder = CanonicalEncoder()
        try encoder.encode(documentType, tag: Self.tagDocumentType)
        try encoder.encode(version, tag: Self.tagVersion)
        try encoder.encodeRaw(body, tag: Self.tagBody)
        try encoder.encodeRaw(signatures.encoded(), tag: Self.tagSignatures)
        return try encoder.finish()
    }

    /// `surety/<documentType>/v<version>`.
    public var domain: SignatureDomain {
        get throws { try SignatureDomain(documentType: documentType, version: version) }
    }

    /// The bytes every signature in the block covers (Docs/SPEC.md §7.5).
    public var signingInput: [UInt8] {
        get throws { try domain.signingInput(body) }
    }

    /// This envelope with `signature` added to its block (replacing one by the same key).
    public func adding(_ signature: DocumentSignature) throws -> SignedEnvelope {
        try SignedEnvelope(
            documentType: documentType,
            version: version,
            body: body,
            signatures: signatures.adding(signature)
        )
    }
}
