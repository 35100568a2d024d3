/// Checks one signature. SuretyDocuments plugs Ed25519 (SuretyCrypto) in here; SuretyWire
/// only defines what is checked (Docs/SPEC.md §7.8).
public protocol DocumentVerifier: Sendable {
    /// True iff `signature` is a valid signature by public key `key` over `message`, which is
    /// the complete domain-separated signing input.
    func isValidSignature(_ signature: Bytes64, by key: Bytes32, over message: [UInt8]) -> Bool
}

/// A `DocumentVerifier` from a closure.
public struct ClosureDocumentVerifier: DocumentVerifier {
    private let body: @Sendable (Bytes64, Bytes32, [UInt8]) -> Bool

    public init(_ body: @escaping @Sendable (_ signature: Bytes64, _ key: Bytes32, _ message: [UInt8]) -> Bool) {
        self.body = body
    }

    public func isValidSignature(_ signature: Bytes64, by key: Bytes32, over message: [UInt8]) -> Bool {
        body(signature, key, message)
    }
}
