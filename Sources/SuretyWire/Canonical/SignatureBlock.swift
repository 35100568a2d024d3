/// A block of 0–64 detached signatures, strictly ascending by key id, so each key signs at
/// most once and the block has one encoding (Docs/SPEC.md §7.6).
public struct SignatureBlock: Hashable, Sendable {
    public let signatures: [DocumentSignature]

    public static let empty = SignatureBlock(unchecked: [])

    /// Sorts `signatures` by key id; throws `invalidArgument` if a key appears twice or there
    /// are more than 64.
    public init(_ signatures: [DocumentSignature]) throws {
        let sorted = signatures.sorted { $0.keyID < $1.keyID }
        guard zip(sorted, sorted.dropFirst()).allSatisfy({ $0.keyID < $1.keyID }) else {
            throw WireError(.invalidArgument, "a key signs a block at most once")
        }
        guard sorted.count <= WireLimits.maxSignatures else {
            throw WireError(.invalidArgument, "more than \(WireLimits.maxSignatures) signatures")
        }
        self.signatures = sorted
    }

    private init(unchecked signatures: [DocumentSignature]) { self.signatures = signatures }

    /// Decodes concatenated 96-byte entries, which must be strictly ascending by key id.
    public init(decoding bytes: some Collection<UInt8>) throws {
        guard bytes.count % DocumentSignature.encodedLength == 0 else {
            throw WireError(.invalidLength, "signature block of \(bytes.count) bytes is not whole entries")
        }
        let count = bytes.count / DocumentSignature.encodedLength
        guard count <= WireLimits.maxSignatures else {
            throw WireError(.tooLong, "\(count) signatures exceed \(WireLimits.maxSignatures)")
        }
        let array = Array(bytes)
        var signatures: [DocumentSignature] = []
        signatures.reserveCapacity(count)
        for entry in 0..<count {
            let start = entry * DocumentSignature.encodedLength
            let signature = DocumentSignature(
                keyID: try Bytes32(array[start..<start + 32]),
                signature: try Bytes64(array[start + 32..<start + 96])
            )
            if let previous = signatures.last, !(previous.keyID < signature.keyID) {
                throw WireError(.unorderedFields, "signatures not strictly ascending by key id")
            }
            signatures.append(signature)
        }
        self.signatures = signatures
    }

    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(signatures.count * DocumentSignature.encodedLength)
        for signature in signatures {
            signature.keyID.appendCanonicalValue(to: &out)
            signature.signature.appendCanonicalValue(to: &out)
        }
        return out
    }

    /// The union of two blocks over the same body; where both hold a key, `self`'s entry wins.
    public func merging(_ other: SignatureBlock) throws -> SignatureBlock {
        let mine = Set(signatures.map(\.keyID))
        return try SignatureBlock(signatures + other.signatures.filter { !mine.contains($0.keyID) })
    }

    /// This block with `signature` added (replacing an entry by the same key).
    public func adding(_ signature: DocumentSignature) throws -> SignatureBlock {
        try SignatureBlock(signatures.filter { $0.keyID != signature.keyID } + [signature])
    }
}
