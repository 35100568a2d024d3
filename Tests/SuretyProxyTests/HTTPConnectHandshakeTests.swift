import NIOCore
import SuretyProxy
import Testing

/// HTTP CONNECT per RFC 9110 §9.3.6 (authority-form target, RFC 9112 §3.2.3), Basic credentials per
/// RFC 7617 §2.
enum HTTPFixtures {
    static let head = Array(
        ascii: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nUser-Agent: curl/8\r\n\r\n")
    static let established = Array(ascii: "HTTP/1.1 200 Connection established\r\n\r\n")
}

@Suite struct HTTPConnectHandshakeTests {

    static func statusLine(_ reply: [UInt8]) -> String {
        String(decoding: reply.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
    }

    @Test func happyPath() throws {
        var machine = ProxyHandshakeStateMachine()
        var buffer = ByteBuffer(bytes: HTTPFixtures.head)
        let expected = ProxyRequest(target: .domain("example.com"), port: 443, isolationKey: httpKey())
        #expect(machine.receive(&buffer) == .connect(expected))
        #expect(machine.proxyProtocol == .httpConnect)
        let result = try machine.connected()
        #expect(Array(result.reply.readableBytesView) == HTTPFixtures.established)
        #expect(result.leftover.readableBytes == 0)
    }

    @Test func bareLineFeedsAndHTTP10() {
        let transcript = HandshakeDriver.run(Array(ascii: "CONNECT 192.0.2.7:8443 HTTP/1.0\n\n"))
        let expected = ProxyRequest(
            target: .address(.v4(IPv4Address(192, 0, 2, 7))), port: 8443, isolationKey: httpKey())
        #expect(transcript.outcome == .connect(expected, leftover: []))
    }

    @Test func bracketedIPv6Target() {
        let transcript = HandshakeDriver.run(Array(ascii: "CONNECT [2001:db8::1]:443 HTTP/1.1\r\n\r\n"))
        let expected = ProxyRequest(
            target: .address(.v6(IPv6Address("2001:db8::1")!)), port: 443, isolationKey: httpKey())
        #expect(transcript.outcome == .connect(expected, leftover: []))
    }

    @Test func basicCredentialsAreTheIsolationKey() {
        // "dXNlcjpwYXNz" is base64("user:pass") (RFC 4648 §4 alphabet).
        let head = Array(ascii: "CONNECT a.example:80 HTTP/1.1\r\nproxy-authorization:  Basic dXNlcjpwYXNz \r\n\r\n")
        let credentials = ProxyCredentials(username: Array(ascii: "user"), password: Array(ascii: "pass"))
        let expected = ProxyRequest(target: .domain("a.example"), port: 80, isolationKey: httpKey(credentials))
        #expect(HandshakeDriver.run(head).outcome == .connect(expected, leftover: []))
    }

    @Test func otherAuthorizationSchemesStillIsolate() {
        let head = Array(ascii: "CONNECT a.example:80 HTTP/1.1\r\nProxy-Authorization: Bearer token1\r\n\r\n")
        guard case .connect(let request, _) = HandshakeDriver.run(head).outcome else {
            Issue.record("expected .connect")
            return
        }
        #expect(request.isolationKey.credentials?.username == Array(ascii: "Bearer token1"))
    }

    @Test(arguments: ["Basic !!!!", "Basic", "Basic dXNlcjpwYXN"])
    func malformedBasicCredentials(value: String) {
        let head = Array(ascii: "CONNECT a.example:80 HTTP/1.1\r\nProxy-Authorization: \(value)\r\n\r\n")
        let transcript = HandshakeDriver.run(head)
        guard case .fail(let reply, let code) = transcript.outcome else {
            Issue.record("expected .fail, got \(transcript)")
            return
        }
        #expect(code == .malformedRequest)
        #expect(Self.statusLine(reply) == "HTTP/1.1 400 Bad Request")
    }

    @Test(arguments: ["GET http://example.com/ HTTP/1.1", "POST / HTTP/1.1", "connect example.com:443 HTTP/1.1"])
    func otherMethodsGet405(requestLine: String) {
        let transcript = HandshakeDriver.run(Array(ascii: requestLine + "\r\nHost: example.com\r\n\r\n"))
        guard case .fail(let reply, let code) = transcript.outcome else {
            Issue.record("expected .fail, got \(transcript)")
            return
        }
        #expect(code == .methodNotAllowed)
        let text = String(decoding: reply, as: UTF8.self)
        #expect(Self.statusLine(reply) == "HTTP/1.1 405 Method Not Allowed")
        #expect(text.contains("\r\nAllow: CONNECT\r\n"))
        #expect(text.contains("Surety proxy port"))
        // Content-Length matches the body.
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1)
        #expect(parts.count == 2)
        #expect(text.contains("Content-Length: \(parts.last?.utf8.count ?? -1)\r\n"))
    }

    @Test func oversizeHeadIsRefused() {
        let filler = Array(ascii: "X-Filler: " + String(repeating: "x", count: 9000))
        let head = Array(ascii: "CONNECT a.example:80 HTTP/1.1\r\n") + filler
        let transcript = HandshakeDriver.run(head)
        guard case .fail(let reply, let code) = transcript.outcome else {
            Issue.record("expected .fail, got \(transcript)")
            return
        }
        #expect(code == .handshakeTooLarge)
        #expect(Self.statusLine(reply) == "HTTP/1.1 431 Request Header Fields Too Large")
        // The same bytes a few at a time reach the same verdict.
        #expect(
            HandshakeDriver.run(HandshakeDriver.split(head, at: Array(stride(from: 7, to: 9100, by: 700))))
                == transcript)
    }

    /// A head of exactly 8192 bytes (blank line included) is accepted; 8193 is not.
    @Test func headLimitEdge() {
        func head(totalLength: Int) -> [UInt8] {
            let start = Array(ascii: "CONNECT a.example:80 HTTP/1.1\r\nX: ")
            let end = Array(ascii: "\r\n\r\n")
            return start + Array(repeating: UInt8(ascii: "y"), count: totalLength - start.count - end.count) + end
        }
        #expect(head(totalLength: 8192).count == 8192)
        guard case .connect = HandshakeDriver.run(head(totalLength: 8192)).outcome else {
            Issue.record("8192-byte head must be accepted")
            return
        }
        guard case .fail(_, .handshakeTooLarge) = HandshakeDriver.run(head(totalLength: 8193)).outcome else {
            Issue.record("8193-byte head must be refused")
            return
        }
    }

    @Test func headerLineLimit() {
        func head(lines: Int) -> [UInt8] {
            Array(ascii: "CONNECT a.example:80 HTTP/1.1\r\n" + String(repeating: "A: b\r\n", count: lines) + "\r\n")
        }
        guard case .connect = HandshakeDriver.run(head(lines: 100)).outcome else {
            Issue.record("100 header lines must be accepted")
            return
        }
        guard case .fail(let reply, .tooManyHeaderLines) = HandshakeDriver.run(head(lines: 101)).outcome else {
            Issue.record("101 header lines must be refused")
            return
        }
        #expect(Self.statusLine(reply) == "HTTP/1.1 431 Request Header Fields Too Large")
    }

    @Test func pipelinedDataIsLeftover() throws {
        // A TLS ClientHello sent optimistically right after the CONNECT head.
        let early: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00]
        let transcript = HandshakeDriver.run(HTTPFixtures.head + early)
        let expected = ProxyRequest(target: .domain("example.com"), port: 443, isolationKey: httpKey())
        #expect(transcript.outcome == .connect(expected, leftover: early))
    }

    @Test(arguments: [
        ("CONNECT example.com:443 HTTP/2.0", 505, ProxyError.Code.unsupportedHTTPVersion),
        ("CONNECT example.com:443 HTTP/1.1x", 400, .malformedRequest),
        ("CONNECT example.com:443", 400, .malformedRequest),
        ("CONNECT  example.com:443 HTTP/1.1", 400, .malformedRequest),
        ("CONNECT example.com HTTP/1.1", 400, .invalidTarget),
        ("CONNECT example.com:0 HTTP/1.1", 400, .invalidTarget),
        ("CONNECT example.com:65536 HTTP/1.1", 400, .invalidTarget),
        ("CONNECT example.com:44x HTTP/1.1", 400, .invalidTarget),
        ("CONNECT ::1:443 HTTP/1.1", 400, .invalidTarget),
        ("CONNECT user@example.com:443 HTTP/1.1", 400, .invalidTarget),
        ("CONNECT example.com:443 HTTP/1.1\r\nBad Header: x", 400, .malformedRequest),
        ("CONNECT example.com:443 HTTP/1.1\r\nX: a\r\n  folded", 400, .malformedRequest),
        ("CONNECT example.com:443 HTTP/1.1\r\nX: a\u{1}b", 400, .malformedRequest),
        ("CONNECT example.com:443 HTTP/1.1\r\nX: a\rb", 400, .malformedRequest),
    ])
    func malformedRequests(text: String, status: Int, code: ProxyError.Code) {
        let transcript = HandshakeDriver.run(Array(ascii: text + "\r\n\r\n"))
        guard case .fail(let reply, let actual) = transcript.outcome else {
            Issue.record("expected .fail for \(text), got \(transcript)")
            return
        }
        #expect(actual == code)
        #expect(Self.statusLine(reply).hasPrefix("HTTP/1.1 \(status) "))
    }

    @Test(arguments: [
        (ProxyFailure.generalFailure, "HTTP/1.1 502 Bad Gateway"),
        (.notAllowedByRuleset, "HTTP/1.1 403 Forbidden"),
        (.networkUnreachable, "HTTP/1.1 502 Bad Gateway"),
        (.hostUnreachable, "HTTP/1.1 502 Bad Gateway"),
        (.connectionRefused, "HTTP/1.1 502 Bad Gateway"),
        (.timedOut, "HTTP/1.1 504 Gateway Timeout"),
    ])
    func failureStatuses(failure: ProxyFailure, statusLine: String) throws {
        var machine = ProxyHandshakeStateMachine()
        var buffer = ByteBuffer(bytes: HTTPFixtures.head)
        guard case .connect = machine.receive(&buffer) else {
            Issue.record("expected .connect")
            return
        }
        let reply = Array(try machine.failed(failure).readableBytesView)
        #expect(Self.statusLine(reply) == statusLine)
        #expect(String(decoding: reply, as: UTF8.self).contains(failure.explanation))
    }

    @Test func truncatedHeadNeedsMoreBytes() {
        for length in 0..<HTTPFixtures.head.count {
            #expect(
                HandshakeDriver.run(Array(HTTPFixtures.head[..<length])).outcome == .needMoreBytes, "prefix \(length)")
        }
    }
}
