import SuretyCrypto
public import SuretyWire

/// Checks governance actions against the genesis admin set (k of m, SPEC §7.8) without trusting
/// whoever delivered them: a relay, a client or an authority verifies every action itself.
///
/// Implements Docs/SPEC-GOVERNANCE.md §G.3 steps 1–4. Failures name their reason precisely
/// (too few signatures, a signer outside the admin set, a key that signed twice), because an admin
/// whose action is refused needs to know which signature to fix.
public struct GovernanceActionVerifier: Sendable {
    public let policy: SignaturePolicy

    public init(policy: SignaturePolicy) {
        self.policy = policy
    }

    /// The verifier for the admins of `genesis`.
    public init(genesis: Genesis) throws {
        policy = try genesis.adminPolicy
    }

    /// Decodes and verifies an action envelope; the id is computed only after the signatures verify.
    public func verify(_ bytes: [UInt8]) throws(GovernanceRejection) -> VerifiedGovernanceAction {
        guard bytes.count <= GovernanceAction.maximumSize else {
            throw GovernanceRejection(
                .tooLarge, "an action of \(bytes.count) bytes exceeds \(GovernanceAction.maximumSize)")
        }
        let envelope: SignedEnvelope
        do {
            envelope = try SignedEnvelope(decoding: bytes)
        } catch let error as WireError where error.code == .unorderedFields {
            throw GovernanceRejection(.duplicateSignature, "a key signs an action at most once (\(error.message))")
        } catch {
            throw GovernanceRejection(.malformed, "not a signed envelope: \(error)")
        }
        return try verify(envelope)
    }

    /// Verifies an already decoded envelope.
    public func verify(_ envelope: SignedEnvelope) throws(GovernanceRejection) -> VerifiedGovernanceAction {
        let unverified: Unverified<GovernanceAction>
        do {
            unverified = try Unverified<GovernanceAction>(envelope: envelope)
        } catch let error as WireError where error.code == .wrongDocumentType || error.code == .unsupportedVersion {
            throw GovernanceRejection(.wrongDocumentType, error.message)
        } catch {
            throw GovernanceRejection(.malformed, "\(error)")
        }
        let verified: Verified<GovernanceAction>
        do {
            verified = try unverified.verify(policy: policy, using: DocumentSigning.verifier)
        } catch {
            throw diagnose(envelope)
        }
        do {
            let id = try DocumentSigning.documentID(of: envelope)
            return VerifiedGovernanceAction(
                action: verified.document, id: id, envelope: envelope, signers: verified.signers)
        } catch {
            throw GovernanceRejection(.malformed, "\(error)")
        }
    }

    /// Explains a signature failure (the slow path only: the fast path verifies each signature once).
    private func diagnose(_ envelope: SignedEnvelope) -> GovernanceRejection {
        guard let input = try? envelope.signingInput else {
            return GovernanceRejection(.malformed, "the envelope's document type is invalid")
        }
        var valid = 0
        var foreign = 0
        var invalid = 0
        for entry in envelope.signatures.signatures {
            if !policy.signers.contains(entry.keyID) {
                foreign += 1
            } else if DocumentSigning.verifier.isValidSignature(entry.signature, by: entry.keyID, over: input) {
                valid += 1
            } else {
                invalid += 1
            }
        }
        var message = "\(valid) valid admin signature\(valid == 1 ? "" : "s"), \(policy.threshold) needed"
        if invalid > 0 { message += "; \(invalid) admin signature\(invalid == 1 ? " does" : "s do") not verify" }
        if foreign > 0 {
            message += "; \(foreign) by key\(foreign == 1 ? "" : "s") outside the genesis admin set"
            return GovernanceRejection(.signerNotAdmin, message)
        }
        return GovernanceRejection(.insufficientSignatures, message)
    }
}
