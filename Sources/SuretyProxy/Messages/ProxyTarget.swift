/// The destination host a client asked for: an address (SOCKS5 ATYP 1 or 4, or an IP literal written
/// as a name) or a host name that the exit resolves (ATYP 3; no DNS lookup happens on the client, so
/// no DNS leak, DESIGN.md "Streams").
public enum ProxyTarget: Hashable, Sendable {
    case address(IPAddress)
    case domain(String)

    /// Longest host name accepted: SOCKS5 carries the length in one byte (RFC 1928 §5).
    public static let maximumDomainLength = 255

    /// Interprets host text from a SOCKS5 domain field or an HTTP CONNECT authority.
    ///
    /// IP literals (`127.0.0.1`, `::1`, `[::1]`) become `.address`: `curl --socks5-hostname` sends
    /// literals as names, and the client can then check exit policies precisely. Other names must be
    /// 1–255 bytes of letters, digits, `-`, `_` and `.`; anything else (spaces, control bytes, `@`,
    /// non-ASCII) is refused, since it cannot be a DNS name and could confuse logs or the exit.
    public init?(host: some Collection<UInt8>) {
        let bytes = Array(host)
        guard !bytes.isEmpty, bytes.count <= ProxyTarget.maximumDomainLength else { return nil }
        if bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") {
            guard bytes.count > 2, let address = IPv6Address.parse(bytes[1..<(bytes.count - 1)]) else { return nil }
            self = .address(.v6(address))
            return
        }
        if let address = IPAddress.parse(bytes[...]) {
            self = .address(address)
            return
        }
        guard bytes.allSatisfy(ProxyTarget.isHostNameByte) else { return nil }
        self = .domain(String(decoding: bytes, as: UTF8.self))
    }

    private static func isHostNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
