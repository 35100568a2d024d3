import PropertyBased
import SuretyProxy
import Testing

/// Builds varied values from one 64-bit seed (SplitMix64), so generators stay simple integers and
/// failures still shrink to a short list of seeds.
struct SeededValues {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func port() -> UInt16 {
        // Favour small and edge ports so ranges overlap and touch.
        switch below(4) {
        case 0: return UInt16(1 + below(100))
        case 1: return [1, 65535, 80, 443][below(4)]
        default: return UInt16(1 + below(65535))
        }
    }

    mutating func address() -> IPAddress {
        switch below(5) {
        case 0: return .v4(IPv4Address(UInt32(truncatingIfNeeded: next())))
        case 1: return .v4(IPv4Address(10, 0, 0, UInt8(below(256))))
        case 2: return .v6(IPv6Address(high: next(), low: next()))
        case 3: return .v6(IPv6Address(ipv4Mapped: IPv4Address(UInt32(truncatingIfNeeded: next()))))
        default: return .v6(IPv6Address(high: 0xFD00 << 48 | next() >> 16, low: next()))
        }
    }

    mutating func rule() -> ExitPolicyRule {
        let verdict: ExitPolicyRule.Verdict = below(2) == 0 ? .accept : .reject
        let pattern: ExitPolicyRule.AddressPattern
        switch below(6) {
        case 0: pattern = .any
        case 1: pattern = .anyIPv4
        case 2: pattern = .anyIPv6
        case 3: pattern = .privateRanges
        default:
            let address = self.address()
            let maximum = if case .v4 = address { 32 } else { 128 }
            pattern = IPAddressPrefix(address, length: below(maximum + 1)).map { .prefix($0) } ?? .any
        }
        var ports: [ClosedRange<UInt16>] = []
        if below(3) == 0 {
            ports = [ExitPolicyRule.allPorts]
        } else {
            for _ in 0..<(1 + below(3)) {
                let a = port()
                let b = below(2) == 0 ? a : port()
                ports.append(min(a, b)...max(a, b))
            }
        }
        return (try? ExitPolicyRule(verdict, addresses: pattern, ports: ports))
            ?? ExitPolicy.defaultExit.rules[0]
    }
}

@Suite struct ExitPolicyPropertyTests {
    @Test func canonicalTextRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.uint64(in: 0...UInt64.max).array(of: 0...8)) { seeds in
            let policy = ExitPolicy(
                rules: seeds.map { seed in
                    var values = SeededValues(state: seed)
                    return values.rule()
                })
            let text = policy.canonicalText
            #expect((try? ExitPolicy(parsing: text)) == policy, "\(text)")
            #expect((try? ExitPolicy(parsing: text))?.canonicalText == text)
        }
    }

    /// `mightAllow(port:)` is for choosing an exit before resolution: it must never rule out a port the
    /// policy allows for some address.
    @Test func mightAllowIsNeverStricterThanAllows() async {
        await propertyCheck(
            count: 1000, input: Gen.uint64(in: 0...UInt64.max).array(of: 0...8), Gen.uint64(in: 0...UInt64.max)
        ) { seeds, probeSeed in
            let policy = ExitPolicy(
                rules: seeds.map { seed in
                    var values = SeededValues(state: seed)
                    return values.rule()
                })
            var probe = SeededValues(state: probeSeed)
            for _ in 0..<50 {
                let address = probe.address()
                let port = probe.below(4) == 0 ? policy.rules.first?.ports.first?.lowerBound ?? 80 : probe.port()
                if policy.allows(address: address, port: port) {
                    #expect(policy.mightAllow(port: port), "\(policy) allows \(address):\(port)")
                }
            }
        }
    }

    /// Matching is by first match: removing every rule after the first match changes nothing.
    @Test func firstMatchDecides() async {
        await propertyCheck(
            count: 500, input: Gen.uint64(in: 0...UInt64.max).array(of: 1...8), Gen.uint64(in: 0...UInt64.max)
        ) { seeds, probeSeed in
            let rules = seeds.map { seed in
                var values = SeededValues(state: seed)
                return values.rule()
            }
            var probe = SeededValues(state: probeSeed)
            let address = probe.address()
            let port = probe.port()
            let policy = ExitPolicy(rules: rules)
            if let index = rules.firstIndex(where: { $0.matches(address: address.unmapped, port: port) }) {
                let truncated = ExitPolicy(rules: Array(rules[...index]))
                #expect(policy.allows(address: address, port: port) == (rules[index].verdict == .accept))
                #expect(truncated.allows(address: address, port: port) == policy.allows(address: address, port: port))
            } else {
                #expect(!policy.allows(address: address, port: port))
            }
        }
    }

    @Test func arbitraryTextNeverTraps() async {
        let alphabet = Gen.element(of: Array("acceptrjv* private46:[]/.,-0123456789abcdef#\n\t ")).map { $0 ?? " " }
        await propertyCheck(count: 2000, input: alphabet.string(of: 0...60)) { text in
            switch Result(catching: { () throws(ExitPolicyError) in try ExitPolicy(parsing: text) }) {
            case .success(let policy):
                #expect((try? ExitPolicy(parsing: policy.canonicalText)) == policy)
            case .failure(let error):
                #expect(error.line != nil && error.column != nil)
            }
        }
    }

    @Test func ipv6TextRoundTrips() async {
        await propertyCheck(
            count: 1000, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...3)
        ) { high, low, zeros in
            // Zero out some groups so `::` compression is exercised.
            let mask: UInt64 = [0, 0xFFFF_0000_0000_0000, 0x0000_FFFF_FFFF_0000, UInt64.max][zeros]
            let address = IPv6Address(high: high & ~mask, low: low & (zeros == 3 ? 0 : UInt64.max))
            #expect(IPv6Address(address.description) == address, "\(address)")
        }
    }
}
