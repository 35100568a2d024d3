/// An exit relay's policy: an ordered list of accept/reject rules over destination CIDR blocks and
/// ports. The first rule that matches decides; a destination no rule matches is rejected
/// (DESIGN.md "Streams"; Tor's semantics, tor-manual "ExitPolicy", without Tor's implicit default list).
///
/// The exit calls `allows(address:port:)` on the address it resolved (names are resolved at the exit,
/// so a client cannot know the final address); clients call `mightAllow(port:)` to pick an exit before
/// any resolution. Kept free of other modules because it will move to SuretyDocuments, where relay
/// descriptors publish `canonicalText`.
public struct ExitPolicy: Hashable, Sendable, CustomStringConvertible {
    public var rules: [ExitPolicyRule]

    public init(rules: [ExitPolicyRule]) {
        self.rules = rules
    }

    /// Rejects everything: no exit traffic at all (a guard or middle relay).
    public static let rejectAll = ExitPolicy(rules: [])

    /// Whether a stream to `address`:`port` may leave this exit. IPv4-mapped IPv6 addresses are judged
    /// as the IPv4 address they reach. Port 0 is never allowed.
    public func allows(address: IPAddress, port: UInt16) -> Bool {
        let address = address.unmapped
        for rule in rules where rule.matches(address: address, port: port) {
            return rule.verdict == .accept
        }
        return false
    }

    /// Whether some destination address on `port` could be allowed — used for path selection, before
    /// the exit resolves the host name.
    ///
    /// Never `false` when `allows(address:port:)` is `true` for some address; it may be `true` when a
    /// later `accept` is wholly shadowed by earlier narrower rejects (as with Tor's summaries, a client
    /// that guesses wrong gets an exit-policy refusal and retries elsewhere).
    public func mightAllow(port: UInt16) -> Bool {
        var ipv4Closed = false
        var ipv6Closed = false
        for rule in rules where rule.matches(port: port) {
            switch (rule.verdict, rule.addresses) {
            case (.reject, .any):
                return false
            case (.reject, .anyIPv4):
                ipv4Closed = true
            case (.reject, .anyIPv6):
                ipv6Closed = true
            case (.reject, _):
                break
            case (.accept, .anyIPv4):
                if !ipv4Closed { return true }
            case (.accept, .anyIPv6):
                if !ipv6Closed { return true }
            case (.accept, .prefix(let prefix)):
                switch prefix.address {
                case .v4: if !ipv4Closed { return true }
                case .v6: if !ipv6Closed { return true }
                }
            case (.accept, .any), (.accept, .privateRanges):
                return true
            }
            if ipv4Closed && ipv6Closed { return false }
        }
        return false
    }

    /// One rule per line in canonical form, joined by `\n` (no trailing newline; empty for `rejectAll`).
    /// `ExitPolicy(parsing: policy.canonicalText) == policy` for every policy.
    public var canonicalText: String {
        rules.map(\.description).joined(separator: "\n")
    }

    public var description: String { canonicalText }
}
