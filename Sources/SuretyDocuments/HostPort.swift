/// A "host:port" string (SPEC §1.6): a hostname or bracketed IPv6 literal and a port 1–65535.
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: UInt16

    public init?(_ string: String) {
        guard string.utf8.count <= 261, let colon = string.lastIndex(of: ":") else { return nil }
        let host = String(string[..<colon])
        let portText = string[string.index(after: colon)...]
        guard let port = UInt16(portText), port > 0, String(port) == portText else { return nil }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), (4...47).contains(host.utf8.count),
                host.utf8.dropFirst().dropLast().allSatisfy({ Self.isIPv6Character($0) })
            else { return nil }
        } else {
            guard (1...255).contains(host.utf8.count), host.utf8.allSatisfy({ Self.isHostnameCharacter($0) }) else {
                return nil
            }
        }
        self.host = host
        self.port = port
    }

    /// The host without IPv6 brackets (what a socket API wants).
    public var bareHost: String {
        host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    }

    public var description: String { "\(host):\(port)" }

    private static func isHostnameCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            return true
        default: return false
        }
    }

    private static func isIPv6Character(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ":"), UInt8(ascii: "."):
            return true
        default: return false
        }
    }
}
