import SuretyCrypto
public import SuretyWire

/// A governance action whose envelope carried at least k valid genesis-admin signatures, with its
/// id (SPEC §7.9) computed after that check. Only `GovernanceActionVerifier` makes one, so holding
/// one means the action is authentic; whether it *applies* is `GovernanceState`'s decision.
public struct VerifiedGovernanceAction: Hashable, Sendable {
    public let action: GovernanceAction
    /// BLAKE2b-256 of the domain-separated body: independent of the signatures carried, so a copy
    /// with more (or other) valid signatures is the same action.
    public let id: Bytes32
    /// The envelope as received (every signature it carried).
    public let envelope: SignedEnvelope
    /// The admin keys whose signatures verified, ascending.
    public let signers: [Bytes32]

    init(action: GovernanceAction, id: Bytes32, envelope: SignedEnvelope, signers: [Bytes32]) {
        self.action = action
        self.id = id
        self.envelope = envelope
        self.signers = signers
    }

    /// The subject with its kind.
    public var subject: GovernanceSubject { action.governanceSubject }

    /// The id as lower-case hex (how people and logs name an action).
    public var idHex: String { HexString.encode(id.bytes) }

    /// The envelope reduced to the valid admin signatures: what the log records, so junk appended
    /// by a relayer never enters it.
    public var minimalEnvelope: SignedEnvelope {
        get throws {
            let keep = Set(signers)
            return try SignedEnvelope(
                documentType: envelope.documentType, version: envelope.version, body: envelope.body,
                signatures: SignatureBlock(envelope.signatures.signatures.filter { keep.contains($0.keyID) }))
        }
    }
}
