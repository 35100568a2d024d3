import SuretyCrypto
import SuretyWire

/// An ideal signature scheme for tests: "signing" records (key, message) with 64 fresh random
/// bytes, and the verifier accepts exactly the recorded triples, compared in constant time.
/// Unforgeable by construction, so any changed message or signature byte must fail. Ed25519
/// itself is plugged in by SuretyDocuments; SuretyWire only needs the check to be pluggable.
struct TestSignatureOracle {
    private var records: [Bytes32: [(message: [UInt8], signature: Bytes64)]] = [:]

    /// A fresh random "public key".
    static func newKey() -> Bytes32 {
        (try? Bytes32(SecureRandom.bytes(count: 32))) ?? Bytes32(repeating: 1)
    }

    mutating func sign(_ message: [UInt8], key: Bytes32) -> Bytes64 {
        let signature = (try? Bytes64(SecureRandom.bytes(count: 64))) ?? Bytes64(repeating: 1)
        records[key, default: []].append((message, signature))
        return signature
    }

    mutating func sign(_ envelope: SignedEnvelope, key: Bytes32) throws -> SignedEnvelope {
        try envelope.adding(DocumentSignature(keyID: key, signature: sign(try envelope.signingInput, key: key)))
    }

    var verifier: ClosureDocumentVerifier {
        let records = self.records
        return ClosureDocumentVerifier { signature, key, message in
            records[key]?.contains { record in
                ConstantTime.equal(record.message, message)
                    && ConstantTime.equal(record.signature.bytes, signature.bytes)
            } ?? false
        }
    }
}
