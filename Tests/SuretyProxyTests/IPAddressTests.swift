import SuretyProxy
import Testing

@Suite struct IPAddressTests {
    func ip(_ text: String) -> IPAddress {
        IPAddress(text) ?? .v4(IPv4Address(0xDEAD_BEEF))
    }

    @Test(arguments: [
        ("0.0.0.0", UInt32(0)), ("255.255.255.255", 0xFFFF_FFFF), ("192.0.2.1", 0xC000_0201), ("10.0.0.1", 0x0A00_0001),
    ])
    func ipv4Parses(text: String, value: UInt32) {
        #expect(IPv4Address(text)?.value == value)
        #expect(IPv4Address(text)?.description == text)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4", "1234.1.1.1",
    ])
    func ipv4Rejects(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    /// RFC 5952 §4 canonical text: lowercase, no leading zeros, longest zero run compressed (first on a
    /// tie), a single zero group not compressed; §5 mixed notation for IPv4-mapped addresses.
    @Test(arguments: [
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:DB8::AB", "2001:db8::ab"),
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("fe80::", "fe80::"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::ffff:c000:0201", "::ffff:192.0.2.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
    ])
    func ipv6ParsesAndPrintsCanonically(text: String, canonical: String) {
        let address = IPv6Address(text)
        #expect(address?.description == canonical)
        #expect(address.flatMap { IPv6Address($0.description) } == address)
    }

    @Test(arguments: [
        "", ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::", ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
    ])
    func ipv6Rejects(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func bytesRoundTrip() {
        let v6 = IPv6Address("2001:db8:1:2:3:4:5:6")
        #expect(v6.flatMap { IPv6Address(bytes: $0.bytes) } == v6)
        #expect(v6?.bytes.count == 16)
        #expect(IPv4Address(bytes: [192, 0, 2, 1]) == IPv4Address(192, 0, 2, 1))
        #expect(IPv4Address(bytes: [1, 2, 3]) == nil)
        #expect(IPv6Address(bytes: [UInt8](repeating: 0, count: 15)) == nil)
    }

    @Test func mappedAddressesUnmap() {
        #expect(IPAddress("::ffff:127.0.0.1")?.unmapped == IPAddress("127.0.0.1"))
        #expect(IPAddress("::127.0.0.1")?.unmapped == IPAddress("::7f00:1"))
        #expect(IPAddress("10.0.0.1")?.unmapped == IPAddress("10.0.0.1"))
    }

    @Test func prefixesClearHostBitsAndMatchAtEdges() throws {
        let block = try #require(IPAddressPrefix(.v4(IPv4Address(172, 31, 9, 9)), length: 12))
        #expect(block.description == "172.16.0.0/12")
        #expect(block.contains(.v4(IPv4Address(172, 16, 0, 0))))
        #expect(block.contains(.v4(IPv4Address(172, 31, 255, 255))))
        #expect(!block.contains(.v4(IPv4Address(172, 15, 255, 255))))
        #expect(!block.contains(.v4(IPv4Address(172, 32, 0, 0))))
        #expect(!block.contains(ip("::ffff:172.16.0.1")))
        let v6 = try #require(IPAddressPrefix(ip("fe80::1"), length: 10))
        #expect(v6.description == "fe80::/10")
        #expect(v6.contains(ip("febf:ffff::1")))
        #expect(!v6.contains(ip("fec0::")))
        let across = try #require(IPAddressPrefix(ip("2001:db8::8000:0:0:0"), length: 65))
        #expect(across.contains(ip("2001:db8::ffff:ffff:ffff:ffff")))
        #expect(!across.contains(ip("2001:db8::7fff:ffff:ffff:ffff")))
        #expect(IPAddressPrefix(.v4(IPv4Address(0)), length: 33) == nil)
        #expect(IPAddressPrefix(.v6(.loopback), length: 129) == nil)
        #expect(IPAddressPrefix(.v6(.loopback), length: -1) == nil)
    }
}
