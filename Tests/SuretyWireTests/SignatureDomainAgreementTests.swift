import SuretyCrypto
import SuretyWire
import Testing

/// SuretyWire builds signing inputs for certificates and documents; SuretyCrypto signs under a
/// context. Both must produce the bytes of Docs/SPEC.md §1.4, or signatures made by one would not
/// verify through the other.
@Suite struct SignatureDomainAgreementTests {
    @Test func wireAndCryptoSigningInputsAreIdentical() throws {
        let message: [UInt8] = [1, 2, 3, 0xff]
        for context in ["surety/link-key-cert/v1", "surety/device-cert/v1", "surety/consensus/v1"] {
            let domain = try SignatureDomain(context: context)
            #expect(domain.signingInput(message) == DomainSeparation.message(context: context, bytes: message))
        }
        let key = Ed25519.SigningKey()
        let signature = key.signature(for: message, context: "surety/consensus/v1")
        let input = try SignatureDomain(documentType: "consensus", version: 1).signingInput(message)
        #expect(key.publicKey.isValidRawSignature(signature, for: input))
    }
}
