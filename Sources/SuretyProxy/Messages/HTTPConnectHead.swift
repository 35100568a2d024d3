import NIOCore

/// The request head of an HTTP CONNECT tunnel request (RFC 9110 §9.3.6, RFC 9112 §2–§5):
///
///     CONNECT host:port HTTP/1.1
///     Proxy-Authorization: Basic dXNlcjpwYXNz
///
/// Only the request line and `Proxy-Authorization` matter; other fields are checked for syntax and
/// otherwise ignored. The head is bounded in bytes and lines so a client cannot make us buffer or
/// scan without limit.
struct HTTPConnectHead: Hashable, Sendable {
    var target: ProxyTarget
    var port: UInt16
    var credentials: ProxyCredentials?

    /// Largest head, including the blank line that ends it.
    static let maximumHeadBytes = 8 * 1024
    /// Most header field lines after the request line.
    static let maximumHeaderLines = 100

    /// Why a head was refused: the status to send and the error to report.
    struct Rejection: Error {
        var status: Int
        var error: ProxyError
        var allowConnect = false

        init(_ status: Int, _ code: ProxyError.Code, _ message: String, allowConnect: Bool = false) {
            self.status = status
            self.error = ProxyError(code, message)
            self.allowConnect = allowConnect
        }

        var response: ByteBuffer {
            HTTPProxyResponse.error(status: status, explanation: error.message, allowConnect: allowConnect)
        }
    }

    enum Scan: Equatable {
        case needMoreBytes
        /// The head (through its blank line) is the first `length` bytes.
        case complete(length: Int)
        /// No blank line within `maximumHeadBytes`.
        case tooLarge
    }

    /// Looks for the blank line that ends the head, accepting CRLF or bare LF line ends (RFC 9112
    /// §2.2). Only the first `maximumHeadBytes` bytes are ever examined, so the outcome depends on
    /// those bytes alone. `resumeAt` lets repeated calls on a growing buffer skip what was scanned.
    static func scan(_ buffer: ByteBuffer, resumeAt: inout Int) -> Scan {
        let view = buffer.readableBytesView
        let limit = min(view.count, maximumHeadBytes)
        let base = view.startIndex
        var offset = resumeAt
        while offset < limit {
            guard view[base + offset] == UInt8(ascii: "\n") else {
                offset += 1
                continue
            }
            guard offset + 1 < limit else { break }
            let next = view[base + offset + 1]
            if next == UInt8(ascii: "\n") { return .complete(length: offset + 2) }
            if next == UInt8(ascii: "\r") {
                guard offset + 2 < limit else { break }
                if view[base + offset + 2] == UInt8(ascii: "\n") { return .complete(length: offset + 3) }
            }
            offset += 1
        }
        resumeAt = offset
        return view.count >= maximumHeadBytes ? .tooLarge : .needMoreBytes
    }

    /// Parses a complete head as found by `scan`.
    static func parse(_ head: [UInt8]) throws(Rejection) -> HTTPConnectHead {
        var lines: [ArraySlice<UInt8>] = []
        for rawLine in head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { break }
            guard !line.contains(UInt8(ascii: "\r")) else {
                throw Rejection(400, .malformedRequest, "bare CR in the request head")
            }
            lines.append(line)
        }
        guard let requestLine = lines.first else {
            throw Rejection(400, .malformedRequest, "missing request line")
        }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, isToken(parts[0]), !parts[1].isEmpty else {
            throw Rejection(400, .malformedRequest, "the request line must be 'CONNECT host:port HTTP/1.1'")
        }
        guard parts[0].elementsEqual("CONNECT".utf8) else {
            throw Rejection(405, .methodNotAllowed, HTTPProxyResponse.notATunnelExplanation, allowConnect: true)
        }
        try checkVersion(parts[2])
        let fieldLines = lines.dropFirst()
        guard fieldLines.count <= maximumHeaderLines else {
            throw Rejection(
                431, .tooManyHeaderLines, "more than \(maximumHeaderLines) header lines in the CONNECT request")
        }
        var credentials: ProxyCredentials?
        var sawAuthorization = false
        for line in fieldLines {
            let (name, value) = try field(line)
            guard name.lazy.map(lowercased).elementsEqual("proxy-authorization".utf8) else { continue }
            guard !sawAuthorization else {
                throw Rejection(400, .malformedRequest, "more than one Proxy-Authorization field")
            }
            sawAuthorization = true
            credentials = try parseAuthorization(value)
        }
        let (target, port) = try parseAuthority(parts[1])
        return HTTPConnectHead(target: target, port: port, credentials: credentials)
    }

    private static func checkVersion(_ version: ArraySlice<UInt8>) throws(Rejection) {
        if version.elementsEqual("HTTP/1.1".utf8) || version.elementsEqual("HTTP/1.0".utf8) { return }
        let bytes = Array(version)
        if bytes.count == 8, bytes[0..<5].elementsEqual("HTTP/".utf8), isDigit(bytes[5]),
            bytes[6] == UInt8(ascii: "."), isDigit(bytes[7])
        {
            throw Rejection(505, .unsupportedHTTPVersion, "only HTTP/1.0 and HTTP/1.1 CONNECT are supported")
        }
        throw Rejection(400, .malformedRequest, "the request line must end with HTTP/1.1")
    }

    /// RFC 9112 §5: `field-name ":" OWS field-value OWS`; no space before the colon (§5.1), no
    /// obsolete line folding (§5.2), no control characters in the value.
    private static func field(
        _ line: ArraySlice<UInt8>
    ) throws(Rejection) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), isToken(line[line.startIndex..<colon]) else {
            throw Rejection(400, .malformedRequest, "malformed header field")
        }
        var value = line[(colon + 1)...]
        while let first = value.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            value = value.dropFirst()
        }
        while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            value = value.dropLast()
        }
        guard value.allSatisfy({ $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw Rejection(400, .malformedRequest, "control character in a header field")
        }
        return (line[line.startIndex..<colon], value)
    }

    /// `Basic base64(user:pass)` (RFC 7617 §2) yields the two parts. Any other scheme's credentials
    /// are kept whole as the username: they are only an isolation key.
    private static func parseAuthorization(_ value: ArraySlice<UInt8>) throws(Rejection) -> ProxyCredentials {
        let schemeEnd = value.firstIndex(of: UInt8(ascii: " ")) ?? value.endIndex
        let scheme = value[value.startIndex..<schemeEnd]
        guard scheme.lazy.map(lowercased).elementsEqual("basic".utf8) else {
            return ProxyCredentials(username: Array(value), password: [])
        }
        var encoded = value[schemeEnd...]
        while encoded.first == UInt8(ascii: " ") { encoded = encoded.dropFirst() }
        guard !encoded.isEmpty, let decoded = Base64.decode(encoded) else {
            throw Rejection(400, .malformedRequest, "Proxy-Authorization: Basic needs base64 'user:password'")
        }
        guard let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
            return ProxyCredentials(username: decoded, password: [])
        }
        return ProxyCredentials(username: Array(decoded[..<colon]), password: Array(decoded[(colon + 1)...]))
    }

    /// Authority form (RFC 9112 §3.2.3): `host:port`, IPv6 literals in brackets (RFC 3986 §3.2.2).
    private static func parseAuthority(_ authority: ArraySlice<UInt8>) throws(Rejection) -> (ProxyTarget, UInt16) {
        guard let colon = authority.lastIndex(of: UInt8(ascii: ":")) else {
            throw Rejection(400, .invalidTarget, "the CONNECT target must be host:port")
        }
        let host = authority[authority.startIndex..<colon]
        let portText = authority[(colon + 1)...]
        let bracketed = host.first == UInt8(ascii: "[") && host.last == UInt8(ascii: "]")
        guard bracketed || !host.contains(UInt8(ascii: ":")) else {
            throw Rejection(400, .invalidTarget, "IPv6 targets must be written in brackets: [::1]:443")
        }
        guard let target = ProxyTarget(host: host) else {
            throw Rejection(400, .invalidTarget, "the CONNECT target host is not a valid host name or address")
        }
        guard (1...5).contains(portText.count), portText.allSatisfy(isDigit) else {
            throw Rejection(400, .invalidTarget, "the CONNECT target port must be a number from 1 to 65535")
        }
        let port = portText.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (1...65535).contains(port) else {
            throw Rejection(400, .invalidTarget, "the CONNECT target port must be a number from 1 to 65535")
        }
        return (target, UInt16(port))
    }

    /// RFC 9110 §5.6.2 `tchar`.
    private static func isToken(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.isEmpty
            && bytes.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return true
                default:
                    return "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
