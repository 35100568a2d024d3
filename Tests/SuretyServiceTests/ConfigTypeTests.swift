import Logging
import NIOCore
import SuretyService
import Testing

/// The value `type` reads from `raw`, or nil if refused.
private func read<T>(_ type: ConfigType<T>, _ raw: ConfigValue) -> T? {
    try? type.read(raw).get()
}

@Suite("ConfigType units")
struct ConfigTypeTests {
    @Test(
        "byte sizes use SI (KB = 1000) and IEC (KiB = 1024) units",
        arguments: [
            ("10 MB", 10_000_000), ("512 KiB", 524_288), ("1.5 GiB", 1_610_612_736), ("4096", 4096),
            ("1kib", 1024), ("2 TB", 2_000_000_000_000), ("0 B", 0), ("100 bytes", 100), ("  7  MiB ", 7 << 20),
            ("0.5 KB", 500),
        ])
    func byteSizes(text: String, bytes: Int) {
        #expect(read(.byteSize, .string(text)) == bytes)
    }

    @Test("an integer byte size is a number of bytes; negative or other types are refused")
    func byteSizeIntegers() {
        #expect(read(.byteSize, .integer(4096)) == 4096)
        #expect(read(.byteSize, .integer(-1)) == nil)
        #expect(read(.byteSize, .boolean(true)) == nil)
        #expect(read(.byteSize, .float(1.5)) == nil)
    }

    @Test(
        "malformed byte sizes are refused with a reason",
        arguments: [
            ("10 XB", "unknown unit"), ("", "expected a number"), ("MB", "expected a number"),
            ("-1 MB", "expected a number"),
            ("1.5", "needs a unit"), ("99999999999 TiB", "too large"), ("1.0000000001 GB", "9 digits"),
        ])
    func badByteSizes(text: String, detail: String) {
        let result = ConfigType.byteSize.read(.string(text))
        guard case .failure(let mismatch) = result else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(mismatch.detail?.contains(detail) == true, "\(mismatch.detail ?? "no detail")")
    }

    @Test(
        "durations need units and may combine them",
        arguments: [
            ("30s", Duration.seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7200)), ("1h30m", .seconds(5400)),
            ("250ms", .milliseconds(250)), ("1d", .seconds(86_400)), ("1h 30m", .seconds(5400)), ("0s", .zero),
            ("10 S", .seconds(10)),
        ])
    func durations(text: String, duration: Duration) {
        #expect(read(.duration, .string(text)) == duration)
    }

    @Test("bare numbers and unknown units are not durations")
    func badDurations() {
        for text in ["30", "5 parsecs", "", "h", "1.5h", "-5s"] {
            #expect(read(.duration, .string(text)) == nil, "\(text)")
        }
        #expect(read(.duration, .integer(30)) == nil)
    }

    @Test("duration ranges are checked and described with units")
    func durationRange() {
        let type = ConfigType.duration(in: .seconds(1) ... .seconds(3600))
        #expect(read(type, .string("5m")) == .seconds(300))
        #expect(read(type, .string("2h")) == nil)
        #expect(type.expected == "a duration from 1s to 1h")
    }

    @Test("socket addresses: IPv4 and bracketed IPv6 literals with a port")
    func socketAddresses() throws {
        #expect(
            read(.socketAddress, .string("127.0.0.1:9050")) == (try SocketAddress(ipAddress: "127.0.0.1", port: 9050)))
        #expect(read(.socketAddress, .string("[::1]:9050")) == (try SocketAddress(ipAddress: "::1", port: 9050)))
        #expect(read(.bindAddress, .string("0.0.0.0:0")) == (try SocketAddress(ipAddress: "0.0.0.0", port: 0)))
        for text in [
            "localhost:9050", "::1:9050", "127.0.0.1", "127.0.0.1:65536", "[::1]9050", "[::1", "127.0.0.1:0",
            "127.0.0.1:-1", "127.0.0.1: 80", "999.0.0.1:80", ":80",
        ] {
            #expect(read(.socketAddress, .string(text)) == nil, "\(text)")
        }
    }

    @Test("lists report the index of the bad element and check their length")
    func lists() {
        let type = ConfigType.list(of: .int(in: 0...9), count: 1...3)
        #expect(read(type, .array([.integer(1), .integer(2)])) == [1, 2])
        #expect(read(type, .array([])) == nil)
        #expect(read(type, .array([.integer(1), .integer(2), .integer(3), .integer(4)])) == nil)
        guard case .failure(let mismatch) = type.read(.array([.integer(1), .integer(12)])) else {
            Issue.record("accepted an out-of-range element")
            return
        }
        #expect(mismatch.subpath == "[1]")
        #expect(mismatch.actual == .integer(12))
    }

    @Test("strings, booleans, numbers and choices")
    func scalars() {
        #expect(read(.string, .string("x")) == "x")
        #expect(read(.string, .integer(1)) == nil)
        #expect(read(.nonEmptyString, .string("")) == nil)
        #expect(read(.bool, .boolean(false)) == false)
        #expect(read(.bool, .string("false")) == nil)
        #expect(read(.bool, .integer(0)) == nil)
        #expect(read(.number, .integer(2)) == 2.0)
        #expect(read(.number, .float(0.5)) == 0.5)
        #expect(read(.oneOf(["a", "b"]), .string("b")) == "b")
        #expect(read(.oneOf(["a", "b"]), .string("c")) == nil)
        #expect(read(.logLevel, .string("notice")) == .notice)
        #expect(read(.logFormat, .string("json")) == .json)
    }
}
