import NIOCore

/// A hostname of Docs/SPEC.md §1.6: 1–255 bytes of `A–Z a–z 0–9 - . _`.
///
/// Validated on construction, so a `Hostname` value always encodes.
public struct Hostname: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) throws {
        try Self.validate(Array(value.utf8), code: .invalidArgument)
        self.value = value
    }

    init(validating buffer: ByteBuffer) throws {
        let bytes = buffer.readableBytesView
        try Self.validate(bytes, code: .invalidField)
        value = String(decoding: bytes, as: UTF8.self)
    }

    var utf8Count: Int { value.utf8.count }

    static func isHostnameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    static func validate(_ bytes: some Collection<UInt8>, code: WireError.Code) throws {
        guard !bytes.isEmpty else { throw WireError(code, "empty hostname") }
        guard bytes.count <= WireLimits.maxHostname else {
            throw WireError(code == .invalidField ? .tooLong : code, "hostname longer than 255 bytes")
        }
        guard bytes.allSatisfy(isHostnameByte) else {
            throw WireError(code, "hostname has a character outside A-Z a-z 0-9 - . _")
        }
    }

    /// Hostnames are destinations; logs print them only when the operator turns safe logging
    /// off, by reading `value` explicitly (DESIGN.md "Cryptography": redact by default).
    public var description: String { "[scrubbed]" }
}
