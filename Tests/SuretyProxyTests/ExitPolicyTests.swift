import SuretyProxy
import Testing

@Suite struct ExitPolicyTests {
    static func address(_ text: String) -> IPAddress {
        IPAddress(text) ?? .v4(IPv4Address(0xDEAD_BEEF))
    }

    @Test func parsesTorStyleRulesAndMatchesFirstRuleWins() throws {
        let policy = try ExitPolicy(
            parsing: """
                # loopback first, so it wins over the private reject below
                accept 127.0.0.0/8:*
                reject private:*
                accept *:80,443
                accept [2001:db8::]/32:22
                reject *:*
                """)
        #expect(policy.rules.count == 5)
        #expect(policy.allows(address: Self.address("127.0.0.1"), port: 25))
        #expect(!policy.allows(address: Self.address("10.1.1.1"), port: 80))
        #expect(policy.allows(address: Self.address("93.184.216.34"), port: 443))
        #expect(!policy.allows(address: Self.address("93.184.216.34"), port: 22))
        #expect(policy.allows(address: Self.address("2001:db8:ffff::1"), port: 22))
        #expect(!policy.allows(address: Self.address("2001:db9::1"), port: 22))
        #expect(policy.allows(address: Self.address("2606:2800::1"), port: 80))
    }

    @Test func defaultIsReject() throws {
        let policy = try ExitPolicy(parsing: "accept *:80")
        #expect(!policy.allows(address: Self.address("192.0.2.1"), port: 81))
        #expect(!ExitPolicy.rejectAll.allows(address: Self.address("192.0.2.1"), port: 80))
        #expect(!ExitPolicy.rejectAll.mightAllow(port: 80))
    }

    @Test func portRangeEdges() throws {
        let policy = try ExitPolicy(parsing: "accept *:1000-2000,65535\nreject *:*")
        for (port, allowed) in [(999, false), (1000, true), (2000, true), (2001, false), (65535, true), (1, false)] {
            #expect(policy.allows(address: Self.address("192.0.2.1"), port: UInt16(port)) == allowed, "port \(port)")
        }
        #expect(!(try ExitPolicy(parsing: "accept *:*")).allows(address: Self.address("192.0.2.1"), port: 0))
    }

    @Test func cidrEdges() throws {
        let policy = try ExitPolicy(parsing: "accept 198.51.100.0/22:*\naccept [2001:db8:8000::]/33:*")
        let cases: [(String, Bool)] = [
            ("198.51.99.255", false), ("198.51.100.0", true), ("198.51.103.255", true), ("198.51.104.0", false),
            ("2001:db8:7fff:ffff::", false), ("2001:db8:8000::", true), ("2001:db8:ffff:ffff::1", true),
        ]
        for (text, allowed) in cases {
            #expect(policy.allows(address: Self.address(text), port: 443) == allowed, "\(text)")
        }
    }

    @Test func familyWildcards() throws {
        let policy = try ExitPolicy(parsing: "accept *4:*\nreject *:*")
        #expect(policy.allows(address: Self.address("192.0.2.1"), port: 1))
        #expect(!policy.allows(address: Self.address("2001:db8::1"), port: 1))
        let v6Only = try ExitPolicy(parsing: "accept *6:443")
        #expect(v6Only.allows(address: Self.address("2001:db8::1"), port: 443))
        #expect(!v6Only.allows(address: Self.address("192.0.2.1"), port: 443))
    }

    /// `::ffff:10.0.0.1` reaches 10.0.0.1; it must not slip past `reject private`.
    @Test func ipv4MappedAddressesAreJudgedAsIPv4() throws {
        #expect(!ExitPolicy.defaultExit.allows(address: Self.address("::ffff:127.0.0.1"), port: 80))
        #expect(!ExitPolicy.defaultExit.allows(address: Self.address("::ffff:10.0.0.1"), port: 80))
        #expect(ExitPolicy.defaultExit.allows(address: Self.address("::ffff:93.184.216.34"), port: 80))
        let mappedRule = try ExitPolicy(parsing: "reject [::ffff:192.0.2.0]/120:*\naccept *:*")
        #expect(mappedRule.canonicalText == "reject 192.0.2.0/24:*\naccept *:*")
        #expect(!mappedRule.allows(address: Self.address("192.0.2.9"), port: 80))
    }

    @Test func privateMacroCoversTheDocumentedRanges() throws {
        let policy = ExitPolicy(rules: [try ExitPolicyRule(.accept, addresses: .privateRanges)])
        let inside = [
            "0.1.2.3", "10.255.0.1", "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.1.1", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "::", "::1", "fc00::1", "fdff::1", "fe80::1", "fec0::1",
        ]
        let outside = [
            "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.0", "192.169.0.0", "11.0.0.0", "2001:db8::1",
            "::2", "fe00::1",
        ]
        for text in inside { #expect(policy.allows(address: Self.address(text), port: 80), "\(text)") }
        for text in outside { #expect(!policy.allows(address: Self.address(text), port: 80), "\(text)") }
    }

    @Test func defaultExitPolicy() {
        let policy = ExitPolicy.defaultExit
        #expect(!policy.allows(address: Self.address("127.0.0.1"), port: 80))
        #expect(!policy.allows(address: Self.address("192.168.0.10"), port: 443))
        #expect(!policy.allows(address: Self.address("93.184.216.34"), port: 25))
        #expect(!policy.allows(address: Self.address("93.184.216.34"), port: 6881))
        #expect(policy.allows(address: Self.address("93.184.216.34"), port: 443))
        #expect(policy.allows(address: Self.address("2606:2800:220:1::"), port: 80))
        #expect(policy.mightAllow(port: 443))
        #expect(!policy.mightAllow(port: 25))
        #expect(
            policy.canonicalText == """
                reject private:*
                reject *:25,119,135-139,445,563,1214,4661-4666,6346-6429,6699,6881-6999
                accept *:*
                """)
    }

    @Test func testnetPolicyAllowsLoopbackOnly() {
        let policy = ExitPolicy.testnet
        #expect(policy.allows(address: Self.address("127.0.0.1"), port: 8080))
        #expect(policy.allows(address: Self.address("127.5.6.7"), port: 25))
        #expect(policy.allows(address: Self.address("::1"), port: 8080))
        #expect(!policy.allows(address: Self.address("10.0.0.1"), port: 8080))
        #expect(!policy.allows(address: Self.address("fd00::1"), port: 8080))
        #expect(policy.canonicalText.hasPrefix("accept 127.0.0.0/8:*\naccept [::1]:*\nreject private:*\n"))
    }

    @Test func mightAllowBeforeResolution() throws {
        let policy = try ExitPolicy(
            parsing: "reject 10.0.0.0/8:80\naccept *:80\nreject *4:443\nreject *6:443\naccept *:*")
        #expect(policy.mightAllow(port: 80))
        #expect(!policy.mightAllow(port: 443))
        #expect(policy.mightAllow(port: 8080))
        #expect(!policy.mightAllow(port: 0))
        let v4Only = try ExitPolicy(parsing: "reject *6:*\naccept [2001:db8::]/32:22\naccept 192.0.2.0/24:22")
        #expect(v4Only.mightAllow(port: 22))
        let shadowed = try ExitPolicy(parsing: "reject *4:22\naccept 192.0.2.0/24:22")
        #expect(!shadowed.mightAllow(port: 22))
    }

    @Test func canonicalTextNormalizes() throws {
        let policy = try ExitPolicy(
            parsing:
                "  accept\t10.9.8.7/8:443,80-81,82 # web\r\nreject [2001:DB8:0::0]/32:*\naccept 0.0.0.0/0:1-65535\n\naccept [::]/0:22\naccept 192.0.2.1/32:7"
        )
        #expect(
            policy.canonicalText == """
                accept 10.0.0.0/8:80-82,443
                reject [2001:db8::]/32:*
                accept *4:*
                accept *6:22
                accept 192.0.2.1:7
                """)
        #expect(try ExitPolicy(parsing: policy.canonicalText) == policy)
        #expect(try ExitPolicy(parsing: "") == .rejectAll)
        #expect(ExitPolicy.rejectAll.canonicalText == "")
    }

    @Test(arguments: [
        ("allow *:80", 1, 1, ExitPolicyError.Code.syntax),
        ("accept", 1, 7, .syntax),
        ("accept *", 1, 9, .syntax),
        ("accept *:80 reject *:*", 1, 13, .syntax),
        ("accept *:80\nreject 10.0.0.256:*", 2, 8, .invalidAddress),
        ("accept ::1:80", 1, 8, .invalidAddress),
        ("accept [::1:80", 1, 8, .invalidAddress),
        ("accept [::g]:80", 1, 9, .invalidAddress),
        ("accept 10.0.0.0/33:80", 1, 17, .invalidPrefixLength),
        ("accept [::]/129:80", 1, 13, .invalidPrefixLength),
        ("accept 10.0.0.0/:80", 1, 17, .invalidPrefixLength),
        ("accept *:0", 1, 10, .invalidPort),
        ("accept *:65536", 1, 10, .invalidPort),
        ("accept *:80,,443", 1, 13, .invalidPort),
        ("accept *:90-80", 1, 10, .invalidPort),
        ("accept *:80-", 1, 13, .invalidPort),
        ("accept *:", 1, 10, .invalidPort),
        ("\n\n   reject private:x", 3, 19, .invalidPort),
    ])
    func parseErrorsNameLineAndColumn(text: String, line: Int, column: Int, code: ExitPolicyError.Code) {
        do {
            _ = try ExitPolicy(parsing: text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.code == code, "\(text): \(error)")
            #expect(error.line == line, "\(text): \(error)")
            #expect(error.column == column, "\(text): \(error)")
        }
    }

    @Test func boundsAreEnforced() {
        let many = String(repeating: "accept *:80\n", count: ExitPolicy.maximumRules + 1)
        #expect(throws: ExitPolicyError.self) { try ExitPolicy(parsing: many) }
        let huge = String(repeating: "#", count: ExitPolicy.maximumTextBytes + 1)
        #expect {
            try ExitPolicy(parsing: huge)
        } throws: { ($0 as? ExitPolicyError)?.code == .tooLarge }
    }

    @Test func programmaticRulesValidatePorts() {
        #expect(throws: ExitPolicyError.self) { try ExitPolicyRule(.accept, addresses: .any, ports: []) }
        #expect(throws: ExitPolicyError.self) { try ExitPolicyRule(.accept, addresses: .any, ports: [0...10]) }
        #expect(
            (try? ExitPolicyRule(.accept, addresses: .any, ports: [5...9, 1...4, 20...20]))?.ports == [1...9, 20...20])
    }
}
