/// A signature context string and the domain-separated signing input of Docs/SPEC.md §1.4:
/// `u8 len(context) ‖ context ‖ message`.
///
/// Every Ed25519 signature in Surety is made and checked over `signingInput(_:)`, so a
/// signature made for one structure can never verify as a signature over another.
public struct SignatureDomain: Hashable, Sendable, CustomStringConvertible {
    public let context: String

    /// `surety/link-key-cert/v1` (Docs/SPEC.md §2.5).
    public static let linkKeyCertificate = SignatureDomain(unchecked: "surety/link-key-cert/v1")
    /// `surety/device-cert/v1` (Docs/SPEC.md §2.6).
    public static let deviceCertificate = SignatureDomain(unchecked: "surety/device-cert/v1")

    /// A context of 1–255 printable ASCII bytes.
    public init(context: String) throws {
        let bytes = Array(context.utf8)
        guard (1...255).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw WireError(.invalidArgument, "a signature context is 1-255 printable ASCII bytes")
        }
        self.context = context
    }

    /// `surety/<documentType>/v<version>` (Docs/SPEC.md §7.5).
    public init(documentType: String, version: UInt16) throws {
        try DocumentTypeName.validate(documentType, code: .invalidArgument)
        guard version >= 1 else { throw WireError(.invalidArgument, "document version 0") }
        self.context = "surety/\(documentType)/v\(version)"
    }

    private init(unchecked context: String) { self.context = context }

    /// The bytes to sign or verify for `message` in this domain.
    public func signingInput(_ message: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = [UInt8(context.utf8.count)]
        out.append(contentsOf: context.utf8)
        out.append(contentsOf: message)
        return out
    }

    public var description: String { context }
}

/// Document type names: 1–32 bytes of `a–z 0–9 -` (Docs/SPEC.md §7.5).
enum DocumentTypeName {
    static func validate(_ name: String, code: WireError.Code) throws {
        let bytes = Array(name.utf8)
        let allowed = bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
        guard (1...WireLimits.maxDocumentType).contains(bytes.count), allowed else {
            throw WireError(code, "document type must be 1-32 bytes of a-z 0-9 -")
        }
    }
}
