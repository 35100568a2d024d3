/// A type encoded as a canonical record (Docs/SPEC.md §7.1): fields in strictly ascending
/// tag order.
///
/// `init(canonical:)` must request tags in ascending order; the decoder rejects unknown even
/// tags it skips over and `CanonicalDecoder.decode(_:from:)` checks the whole record was read.
public protocol CanonicalRecord {
    init(canonical decoder: inout CanonicalDecoder) throws
    func encode(canonical encoder: inout CanonicalEncoder) throws
}

/// A signed document type: a canonical record with a registered type name and version
/// (Docs/SPEC.md §7.5, §7.10, §7.11).
public protocol CanonicalDocument: CanonicalRecord, Sendable {
    /// 1–32 bytes of `a–z 0–9 -`, e.g. `consensus`.
    static var documentType: String { get }
    /// The version this type encodes and accepts.
    static var version: UInt16 { get }
}

extension CanonicalDocument {
    /// `surety/<documentType>/v<version>`.
    public static func signatureDomain() throws -> SignatureDomain {
        try SignatureDomain(documentType: documentType, version: version)
    }
}
