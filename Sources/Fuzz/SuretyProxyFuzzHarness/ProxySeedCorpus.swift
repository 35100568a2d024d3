/// Inputs that reach every branch of the SuretyProxy parsers, one file each, as the fuzzers' starting
/// corpus (Fuzz/corpus/<Target>/). Regenerate with
/// `SURETY_WRITE_CORPUS=1 swift test --filter ProxyFuzzCorpusTests`.
public enum ProxySeedCorpus {
    public struct Seed: Sendable {
        public let target: String
        public let name: String
        public let bytes: [UInt8]
    }

    public static func all() -> [Seed] {
        handshakeSeeds() + exitPolicySeeds()
    }

    /// Each seed is a control byte (see `ProxyFuzzHarness.handshake`) and a client byte stream.
    private static func handshakeSeeds() -> [Seed] {
        let greeting: [UInt8] = [0x05, 0x01, 0x00]
        let greetingBoth: [UInt8] = [0x05, 0x02, 0x00, 0x02]
        let auth: [UInt8] = [0x01, 0x04] + Array("user".utf8) + [0x04] + Array("pass".utf8)
        let ipv4: [UInt8] = [0x05, 0x01, 0x00, 0x01, 127, 0, 0, 1, 0x00, 0x50]
        let ipv6: [UInt8] = [0x05, 0x01, 0x00, 0x04] + [UInt8](repeating: 0, count: 15) + [1, 0x1F, 0x90]
        let domain: [UInt8] = [0x05, 0x01, 0x00, 0x03, 11] + Array("example.com".utf8) + [0x01, 0xBB]
        let streams: [(String, [UInt8])] = [
            ("socks5-noauth-ipv4", greeting + ipv4),
            ("socks5-noauth-ipv6", greeting + ipv6),
            ("socks5-userpass-domain", greetingBoth + auth + domain),
            ("socks5-domain-early-data", greeting + domain + Array("GET / HTTP/1.1\r\n\r\n".utf8)),
            ("socks5-bind", greeting + [0x05, 0x02, 0x00, 0x01, 1, 2, 3, 4, 0, 80]),
            ("socks5-udp", greeting + [0x05, 0x03, 0x00, 0x01, 1, 2, 3, 4, 0, 80]),
            ("socks5-bad-atyp", greeting + [0x05, 0x01, 0x00, 0x09, 1, 2, 3, 4, 0, 80]),
            ("socks5-no-methods", [0x05, 0x00]),
            ("socks5-bad-auth-version", greetingBoth + [0x05, 0x01, 0x61, 0x01, 0x62]),
            ("socks4", [0x04, 0x01, 0x00, 0x50, 127, 0, 0, 1, 0x00]),
            (
                "http-connect",
                Array(
                    ("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n"
                        + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n\u{16}\u{3}\u{1}").utf8)
            ),
            ("http-connect-ipv6-lf", Array("CONNECT [::1]:8080 HTTP/1.0\nX-A: b\n\n".utf8)),
            ("http-get", Array("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n".utf8)),
            ("http-bad-version", Array("CONNECT a:1 HTTP/2.0\r\n\r\n".utf8)),
        ]
        let controls: [UInt8] = [0x00, 0x01, 0x03, 0x87]
        return streams.enumerated().map { index, stream in
            Seed(target: "FuzzProxyHandshake", name: stream.0, bytes: [controls[index % controls.count]] + stream.1)
        }
    }

    private static func exitPolicySeeds() -> [Seed] {
        let policies: [(String, String)] = [
            (
                "default",
                "reject private:*\nreject *:25,119,135-139,445,563,1214,4661-4666,6346-6429,6699,6881-6999\naccept *:*"
            ),
            ("testnet", "accept 127.0.0.0/8:*\naccept [::1]:*\nreject private:*\naccept *:*"),
            (
                "mixed",
                "# comment\n  accept\t10.9.8.7/8:443,80-81,82 # web\r\nreject [2001:DB8:0::0]/32:*\n"
                    + "accept 0.0.0.0/0:1-65535\n\naccept [::]/0:22\naccept 192.0.2.1/32:7\nreject *4:443\n"
                    + "reject *6:443\naccept [::ffff:192.0.2.0]/120:*\n"
            ),
            ("errors", "accept ::1:80\nreject 10.0.0.0/33:0\n"),
        ]
        return policies.map { Seed(target: "FuzzExitPolicy", name: $0.0, bytes: Array($0.1.utf8)) }
    }
}
