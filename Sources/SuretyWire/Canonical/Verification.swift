// `Unverified` and `Verified` share this file on purpose: `Verified.init` is fileprivate, so
// the only way to obtain a `Verified` anywhere is `Unverified.verify` (house style, after
// arti's unchecked/checked documents).

/// A signed document that has been decoded but whose signatures have not been checked.
///
/// Nothing in the document may be acted on before `verify`; `unverifiedDocument` exists only
/// to find which policy applies (e.g. which member claims to have signed).
public struct Unverified<Document: CanonicalDocument>: Sendable {
    public let envelope: SignedEnvelope
    /// The decoded body. Do not trust it before `verify`.
    public let unverifiedDocument: Document

    /// Checks the envelope's type and version and decodes the body strictly.
    public init(envelope: SignedEnvelope) throws {
        guard envelope.documentType == Document.documentType else {
            throw WireError(
                .wrongDocumentType,
                "expected \(Document.documentType), got \(envelope.documentType)"
            )
        }
        guard envelope.version == Document.version else {
            throw WireError(.unsupportedVersion, "\(Document.documentType) version \(envelope.version)")
        }
        self.envelope = envelope
        self.unverifiedDocument = try CanonicalDecoder.decode(Document.self, from: envelope.body)
    }

    /// Decodes an envelope and its body.
    public init(decoding bytes: [UInt8]) throws {
        try self.init(envelope: SignedEnvelope(decoding: bytes))
    }

    /// Verifies the signatures against `policy` (Docs/SPEC.md §7.8): signatures by keys outside
    /// the policy are ignored, invalid ones are not counted, and at least `threshold` distinct
    /// policy keys must have valid signatures. Throws `insufficientSignatures` otherwise.
    public func verify(policy: SignaturePolicy, using verifier: some DocumentVerifier) throws -> Verified<Document> {
        let message = try envelope.signingInput
        let valid = envelope.signatures.signatures.filter { entry in
            policy.signers.contains(entry.keyID)
                && verifier.isValidSignature(entry.signature, by: entry.keyID, over: message)
        }
        guard valid.count >= policy.threshold else {
            throw WireError(
                .insufficientSignatures,
                "\(valid.count) valid signatures of \(Document.documentType), need \(policy.threshold)"
            )
        }
        return Verified(document: unverifiedDocument, envelope: envelope, signers: valid.map(\.keyID))
    }

    /// Verifies with a policy chosen from the (still unverified) document, e.g. its claimed
    /// signer checked against trusted state by `policy`.
    public func verify(
        using verifier: some DocumentVerifier,
        policy: (Document) throws -> SignaturePolicy
    ) throws -> Verified<Document> {
        try verify(policy: policy(unverifiedDocument), using: verifier)
    }
}

/// A signed document whose signatures satisfied a policy. Only `Unverified.verify` makes one.
public struct Verified<Document: CanonicalDocument>: Sendable {
    public let document: Document
    /// The envelope as received, including every signature it carried.
    public let envelope: SignedEnvelope
    /// The policy keys whose signatures verified, ascending.
    public let signers: [Bytes32]

    fileprivate init(document: Document, envelope: SignedEnvelope, signers: [Bytes32]) {
        self.document = document
        self.envelope = envelope
        self.signers = signers
    }
}

extension Unverified: Equatable where Document: Equatable {}
extension Verified: Equatable where Document: Equatable {}
