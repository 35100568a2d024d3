public import SuretyCrypto
public import SuretyWire

/// Signing, verifying and identifying signed documents (SPEC §7.5–§7.9) with Ed25519 from
/// SuretyCrypto, on SuretyWire's envelope and `Unverified`/`Verified` types.
///
/// Every signature is made and checked through `Ed25519.SigningKey.signature(for:context:)` and
/// `PublicKey.isValidSignature(_:for:context:)` with the context `surety/<doctype>/v<version>`,
/// which apply Surety's domain separation; nothing here hashes or signs raw bytes itself.
public enum DocumentSigning {
    /// The verifier SuretyWire's `Unverified.verify` calls for each signature entry.
    public static let verifier = Ed25519DocumentVerifier()

    /// An envelope for `document` signed by each of `keys` (order irrelevant: blocks are sorted).
    public static func sign<Document: CanonicalDocument>(
        _ document: Document, with keys: [Ed25519.SigningKey]
    ) throws -> SignedEnvelope {
        var envelope = try SignedEnvelope(document: document)
        for key in keys { envelope = try addSignature(to: envelope, with: key) }
        return envelope
    }

    /// `envelope` with a signature by `key` added (replacing an older one by the same key).
    public static func addSignature(to envelope: SignedEnvelope, with key: Ed25519.SigningKey) throws -> SignedEnvelope
    {
        try envelope.adding(signature(over: envelope, with: key))
    }

    /// A detached signature by `key` over the envelope's body (e.g. an authority's consensus signature).
    public static func signature(over envelope: SignedEnvelope, with key: Ed25519.SigningKey) throws
        -> DocumentSignature
    {
        let context = try envelope.domain.context
        let signature = key.signature(for: envelope.body, context: context)
        return DocumentSignature(keyID: try Bytes32(key.publicKey.rawRepresentation), signature: try Bytes64(signature))
    }

    /// The document id (SPEC §7.9): BLAKE2b-256 of the domain-separated signing input of the body.
    /// Independent of the signatures, so adding one does not change it.
    public static func documentID(of envelope: SignedEnvelope) throws -> Bytes32 {
        try Bytes32(BLAKE2b.hash(try envelope.signingInput, outputLength: 32))
    }

    /// Decodes `bytes` (at most `maximumSize`) as an envelope of `Document` and verifies it against `policy`.
    public static func verify<Document: CanonicalDocument>(
        _ type: Document.Type, from bytes: [UInt8], maximumSize: Int = WireLimits.maxDocumentSize,
        policy: SignaturePolicy
    ) throws -> Verified<Document> {
        guard bytes.count <= maximumSize else {
            throw DocumentError(.tooLarge, "\(Document.documentType) of \(bytes.count) bytes exceeds \(maximumSize)")
        }
        return try Unverified<Document>(decoding: bytes).verify(policy: policy, using: verifier)
    }

    /// `Bytes32` of an Ed25519 key (a key id, SPEC §7.6).
    public static func keyID(_ key: Ed25519.PublicKey) -> Bytes32 {
        // An Ed25519 public key is 32 bytes by construction.
        (try? Bytes32(key.rawRepresentation)) ?? Bytes32(repeating: 0)
    }
}

/// Ed25519 for SuretyWire's `DocumentVerifier`.
///
/// SuretyWire hands over the complete signing input `u8 len(context) ‖ context ‖ body`
/// (`SignatureDomain.signingInput`); this splits it back into context and body and verifies with
/// SuretyCrypto's domain-separated Ed25519, the same call that made the signature.
public struct Ed25519DocumentVerifier: DocumentVerifier {
    public init() {}

    public func isValidSignature(_ signature: Bytes64, by key: Bytes32, over message: [UInt8]) -> Bool {
        guard let length = message.first, message.count > Int(length),
            let context = String(validating: message[1..<1 + Int(length)], as: UTF8.self),
            let publicKey = try? Ed25519.PublicKey(rawRepresentation: key.bytes)
        else { return false }
        return publicKey.isValidSignature(signature.bytes, for: message[(1 + Int(length))...], context: context)
    }
}
