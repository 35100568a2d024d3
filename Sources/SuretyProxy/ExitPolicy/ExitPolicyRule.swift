/// One line of an exit policy: a verdict for connections whose destination address matches a pattern
/// and whose port lies in a set of ranges (DESIGN.md "exit policy = ordered accept/reject rules over
/// CIDR and ports"; the shape of Tor's `ExitPolicy` lines, tor-manual "ExitPolicy").
public struct ExitPolicyRule: Hashable, Sendable, CustomStringConvertible {
    public enum Verdict: String, Hashable, Sendable {
        case accept
        case reject
    }

    /// Which destination addresses a rule covers.
    public enum AddressPattern: Hashable, Sendable, CustomStringConvertible {
        /// Every IPv4 and IPv6 address (`*`).
        case any
        /// Every IPv4 address (`*4`).
        case anyIPv4
        /// Every IPv6 address (`*6`).
        case anyIPv6
        /// The `private` macro: `ExitPolicyRule.privatePrefixes`.
        case privateRanges
        /// One CIDR block (`10.0.0.0/8`, `[fc00::]/7`).
        case prefix(IPAddressPrefix)

        /// Whether the (already unmapped) address falls under this pattern.
        public func contains(_ address: IPAddress) -> Bool {
            switch (self, address) {
            case (.any, _), (.anyIPv4, .v4), (.anyIPv6, .v6): true
            case (.anyIPv4, .v6), (.anyIPv6, .v4): false
            case (.privateRanges, _): ExitPolicyRule.privatePrefixes.contains { $0.contains(address) }
            case (.prefix(let prefix), _): prefix.contains(address)
            }
        }

        /// Canonical text: `*`, `*4`, `*6`, `private`, `a.b.c.d[/n]`, `[x::y][/n]` (length omitted for
        /// a single host).
        public var description: String {
            switch self {
            case .any: return "*"
            case .anyIPv4: return "*4"
            case .anyIPv6: return "*6"
            case .privateRanges: return "private"
            case .prefix(let prefix):
                switch prefix.address {
                case .v4(let address):
                    return prefix.length == 32 ? "\(address)" : "\(address)/\(prefix.length)"
                case .v6(let address):
                    return prefix.length == 128 ? "[\(address)]" : "[\(address)]/\(prefix.length)"
                }
            }
        }

        /// Rewrites equivalent spellings to one form so equal policies compare and print equal:
        /// `/0` blocks become `*4` / `*6`, and IPv4-mapped IPv6 blocks of length ≥ 96 become the
        /// IPv4 block they denote (addresses are unmapped before matching, see `IPAddress.unmapped`).
        var normalized: AddressPattern {
            guard case .prefix(let prefix) = self else { return self }
            if prefix.length == 0 {
                if case .v4 = prefix.address { return .anyIPv4 }
                return .anyIPv6
            }
            if case .v6(let address) = prefix.address, prefix.length >= 96, let mapped = address.ipv4Mapped,
                let v4 = IPAddressPrefix(.v4(mapped), length: prefix.length - 96)
            {
                return AddressPattern.prefix(v4).normalized
            }
            return self
        }
    }

    /// `*` in a port position: Tor's 1–65535. Port 0 is never a valid destination, so no rule covers it.
    public static let allPorts: ClosedRange<UInt16> = 1...65535

    /// The `private` macro. Tor's list (policies.c `private_nets`) plus CGNAT:
    /// - IPv4: `0.0.0.0/8` "this network" (RFC 1122 §3.2.1.3), `10.0.0.0/8`, `172.16.0.0/12`,
    ///   `192.168.0.0/16` (RFC 1918), `100.64.0.0/10` shared CGNAT space (RFC 6598), `127.0.0.0/8`
    ///   loopback (RFC 1122), `169.254.0.0/16` link-local (RFC 3927);
    /// - IPv6: `::/128` unspecified and `::1/128` loopback (RFC 4291 §2.5.2–3), `fc00::/7` unique local
    ///   (RFC 4193), `fe80::/10` link-local (RFC 4291 §2.5.6), `fec0::/10` deprecated site-local (RFC 3879).
    /// IPv4-mapped IPv6 is covered because matching unmaps it first.
    public static let privatePrefixes: [IPAddressPrefix] = [
        v4(0, 0, 0, 0, 8), v4(10, 0, 0, 0, 8), v4(100, 64, 0, 0, 10), v4(127, 0, 0, 0, 8),
        v4(169, 254, 0, 0, 16), v4(172, 16, 0, 0, 12), v4(192, 168, 0, 0, 16),
        v6(0, 0, 128), v6(0, 1, 128), v6(0xFC00 << 48, 0, 7), v6(0xFE80 << 48, 0, 10), v6(0xFEC0 << 48, 0, 10),
    ]

    public let verdict: Verdict
    public let addresses: AddressPattern
    /// Sorted, merged, non-overlapping ranges within 1...65535.
    public let ports: [ClosedRange<UInt16>]

    /// Creates a rule. Ports are sorted and merged (`80,81,79` → `79-81`) so the canonical text is
    /// unique; the address pattern is normalized (see `AddressPattern`).
    /// - Throws: `ExitPolicyError.Code.invalidPort` if `ports` is empty or any range includes port 0.
    public init(
        _ verdict: Verdict,
        addresses: AddressPattern,
        ports: [ClosedRange<UInt16>] = [ExitPolicyRule.allPorts]
    ) throws(ExitPolicyError) {
        guard !ports.isEmpty else { throw ExitPolicyError(.invalidPort, "a rule needs at least one port range") }
        guard ports.allSatisfy({ $0.lowerBound >= 1 }) else {
            throw ExitPolicyError(.invalidPort, "port 0 is not a destination port; ports are 1-65535")
        }
        self.init(verdict, addresses: addresses, validPorts: ports)
    }

    /// For ports already known to be non-empty and within 1...65535 (constants, parser output).
    init(_ verdict: Verdict, addresses: AddressPattern, validPorts ports: [ClosedRange<UInt16>]) {
        var merged: [ClosedRange<UInt16>] = []
        for range in ports.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, Int(range.lowerBound) <= Int(last.upperBound) + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.verdict = verdict
        self.addresses = addresses.normalized
        self.ports = merged
    }

    /// Whether the rule covers `port` (for some address).
    public func matches(port: UInt16) -> Bool {
        ports.contains { $0.contains(port) }
    }

    /// Whether the rule covers this destination. `address` should already be unmapped.
    public func matches(address: IPAddress, port: UInt16) -> Bool {
        matches(port: port) && addresses.contains(address)
    }

    /// Canonical text: `accept 10.0.0.0/8:80-81,443`.
    public var description: String {
        let portText: String
        if ports == [ExitPolicyRule.allPorts] {
            portText = "*"
        } else {
            portText = ports.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
                .joined(separator: ",")
        }
        return "\(verdict.rawValue) \(addresses):\(portText)"
    }

    private static func v4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ length: Int) -> IPAddressPrefix {
        IPAddressPrefix(.v4(IPv4Address(a, b, c, d)), length: length) ?? IPAddressPrefix(host: .v4(IPv4Address(0)))
    }

    private static func v6(_ high: UInt64, _ low: UInt64, _ length: Int) -> IPAddressPrefix {
        IPAddressPrefix(.v6(IPv6Address(high: high, low: low)), length: length)
            ?? IPAddressPrefix(host: .v6(.unspecified))
    }
}
