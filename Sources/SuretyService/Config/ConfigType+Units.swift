public import NIOCore

extension ConfigType where Value == Int {
    /// A size in bytes: a string such as "10 MB", "512 KiB" or "1.5 GiB" (SI and IEC units, see
    /// Docs/CONFIG.md), or a plain non-negative integer meaning bytes.
    public static var byteSize: ConfigType<Int> {
        let expected = "a byte size such as \"512 KiB\" or \"10 MB\""
        return ConfigType(expected: expected) { raw in
            switch raw {
            case .integer(let value) where value >= 0:
                return .success(value)
            case .string(let text):
                switch UnitParsing.byteCount(text) {
                case .success(let value): return .success(value)
                case .failure(let failure):
                    return .failure(ConfigMismatch(expected: expected, actual: raw, detail: failure.detail))
                }
            default:
                return .failure(ConfigMismatch(expected: expected, actual: raw))
            }
        }
    }

    /// A byte size within `range`, inclusive.
    public static func byteSize(in range: ClosedRange<Int>) -> ConfigType<Int> {
        let expected =
            "a byte size from \(UnitParsing.formatBytes(range.lowerBound)) to \(UnitParsing.formatBytes(range.upperBound))"
        return byteSize.validated(expected) { range.contains($0) }
    }
}

extension ConfigType where Value == Duration {
    /// A duration written with units: "30s", "5m", "2h", "1h30m", "250ms", "1d". A bare number is
    /// refused because "30" could mean seconds or minutes.
    public static var duration: ConfigType<Duration> {
        let expected = "a duration such as \"30s\", \"5m\" or \"2h\""
        return ConfigType(expected: expected) { raw in
            guard case .string(let text) = raw else {
                let detail = raw.isInteger ? "add a unit: ms, s, m, h or d" : nil
                return .failure(ConfigMismatch(expected: expected, actual: raw, detail: detail))
            }
            switch UnitParsing.milliseconds(text) {
            case .success(let milliseconds): return .success(.milliseconds(milliseconds))
            case .failure(let failure):
                return .failure(ConfigMismatch(expected: expected, actual: raw, detail: failure.detail))
            }
        }
    }

    /// A duration within `range`, inclusive.
    public static func duration(in range: ClosedRange<Duration>) -> ConfigType<Duration> {
        let low = UnitParsing.formatMilliseconds(range.lowerBound.wholeMilliseconds)
        let high = UnitParsing.formatMilliseconds(range.upperBound.wholeMilliseconds)
        return duration.validated("a duration from \(low) to \(high)") { range.contains($0) }
    }
}

extension ConfigType where Value == SocketAddress {
    /// An IP address literal and a port to connect to: "127.0.0.1:9050" or "[::1]:9050".
    ///
    /// Host names are refused: a daemon's addresses must not depend on DNS at start-up.
    public static var socketAddress: ConfigType<SocketAddress> {
        socketAddress(ports: 1...65535, expected: "an IP address and port such as \"127.0.0.1:9050\" or \"[::1]:9050\"")
    }

    /// Like `socketAddress`, but port 0 is allowed and means "any free port" (useful for tests).
    public static var bindAddress: ConfigType<SocketAddress> {
        socketAddress(
            ports: 0...65535,
            expected: "an IP address and port to listen on, such as \"127.0.0.1:9050\" or \"[::1]:9050\"")
    }

    static func socketAddress(ports: ClosedRange<Int>, expected: String) -> ConfigType<SocketAddress> {
        ConfigType(expected: expected) { raw in
            guard case .string(let text) = raw else {
                return .failure(ConfigMismatch(expected: expected, actual: raw))
            }
            switch SocketAddressParsing.parse(text, ports: ports) {
            case .success(let address): return .success(address)
            case .failure(let failure):
                return .failure(ConfigMismatch(expected: expected, actual: raw, detail: failure.detail))
            }
        }
    }
}

/// Splits "host:port" / "[v6]:port" and validates both halves.
enum SocketAddressParsing {
    static func parse(_ text: String, ports: ClosedRange<Int>) -> Result<SocketAddress, ParseFailure> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                return .failure(ParseFailure("missing \"]\" after the IPv6 address"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            let afterBracket = text[text.index(after: close)...]
            guard afterBracket.hasPrefix(":") else { return .failure(ParseFailure("missing \":port\" after \"]\"")) }
            portText = afterBracket.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return .failure(ParseFailure("missing \":port\"")) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                return .failure(ParseFailure("write IPv6 addresses in brackets, e.g. \"[::1]:9050\""))
            }
        }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), portText.count <= 5,
            let port = Int(portText), ports.contains(port)
        else {
            return .failure(ParseFailure("the port must be a number from \(ports.lowerBound) to \(ports.upperBound)"))
        }
        do {
            return .success(try SocketAddress(ipAddress: String(host), port: port))
        } catch {
            return .failure(
                ParseFailure("\(ConfigValue.quoted(String(host))) is not an IP address; host names are not accepted"))
        }
    }
}

extension ConfigValue {
    fileprivate var isInteger: Bool {
        if case .integer = self { return true }
        return false
    }
}

extension Duration {
    /// The duration truncated to whole milliseconds (saturating), for messages and unit formatting.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let (millis, overflow) = Int(seconds).multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? Int.min : Int.max }
        return millis + Int(attoseconds / 1_000_000_000_000_000)
    }
}
