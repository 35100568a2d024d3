import NIOCore
import SuretyProxy
import Testing

/// Byte layouts from RFC 1928 §3 (method selection), §4 (requests), §5 (addressing), §6 (replies)
/// and RFC 1929 §2 (username/password).
/// RFC 1928 / RFC 1929 messages shared by the SOCKS5 and property tests.
enum SOCKS5Fixtures {
    static let greetingNoAuth: [UInt8] = [0x05, 0x01, 0x00]
    static let greetingBoth: [UInt8] = [0x05, 0x02, 0x00, 0x02]
    static let authUserPass: [UInt8] = [0x01, 0x04] + Array(ascii: "user") + [0x04] + Array(ascii: "pass")
    /// CONNECT 127.0.0.1:80 (ATYP 1).
    static let connectIPv4: [UInt8] = [0x05, 0x01, 0x00, 0x01, 127, 0, 0, 1, 0x00, 0x50]
    /// CONNECT [::1]:8080 (ATYP 4).
    static let connectIPv6: [UInt8] = [0x05, 0x01, 0x00, 0x04] + Array(repeating: 0, count: 15) + [1, 0x1F, 0x90]
    /// CONNECT example.com:443 (ATYP 3).
    static let connectDomain: [UInt8] = [0x05, 0x01, 0x00, 0x03, 11] + Array(ascii: "example.com") + [0x01, 0xBB]
    static let successReply: [UInt8] = [0x05, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0]
}

@Suite struct SOCKS5HandshakeTests {
    static func reply(_ code: UInt8) -> [UInt8] { [0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0] }

    @Test func noAuthenticationConnectIPv4() throws {
        var machine = ProxyHandshakeStateMachine()
        var greeting = ByteBuffer(bytes: SOCKS5Fixtures.greetingNoAuth)
        #expect(machine.receive(&greeting) == .send(ByteBuffer(bytes: [0x05, 0x00])))
        #expect(machine.nextAction() == .needMoreBytes)
        #expect(machine.proxyProtocol == .socks5)
        var request = ByteBuffer(bytes: SOCKS5Fixtures.connectIPv4)
        let expected = ProxyRequest(
            target: .address(.v4(IPv4Address(127, 0, 0, 1))), port: 80, isolationKey: socks5Key())
        #expect(machine.receive(&request) == .connect(expected))
        let established = try machine.connected()
        #expect(Array(established.reply.readableBytesView) == SOCKS5Fixtures.successReply)
        #expect(established.leftover.readableBytes == 0)
    }

    @Test func usernamePasswordIsPreferredAndUsedForIsolation() {
        let transcript = HandshakeDriver.run(
            SOCKS5Fixtures.greetingBoth + SOCKS5Fixtures.authUserPass + SOCKS5Fixtures.connectDomain)
        #expect(transcript.sent == [[0x05, 0x02], [0x01, 0x00]])
        let credentials = ProxyCredentials(username: Array(ascii: "user"), password: Array(ascii: "pass"))
        let expected = ProxyRequest(target: .domain("example.com"), port: 443, isolationKey: socks5Key(credentials))
        #expect(transcript.outcome == .connect(expected, leftover: []))
    }

    @Test func onlyUsernamePasswordOffered() {
        let transcript = HandshakeDriver.run([0x05, 0x01, 0x02] + [0x01, 0x00, 0x00] + SOCKS5Fixtures.connectIPv4)
        #expect(transcript.sent == [[0x05, 0x02], [0x01, 0x00]])
        guard case .connect(let request, _) = transcript.outcome else {
            Issue.record("expected a request, got \(transcript)")
            return
        }
        #expect(request.isolationKey == socks5Key(ProxyCredentials(username: [], password: [])))
        #expect(request.isolationKey != socks5Key())
    }

    @Test func differentCredentialsGiveDifferentIsolationKeys() {
        func key(_ user: String) -> ProxyIsolationKey? {
            let auth = [0x01, UInt8(user.utf8.count)] + Array(ascii: user) + [0x01, 0x78]
            guard
                case .connect(let request, _) = HandshakeDriver.run(
                    SOCKS5Fixtures.greetingBoth + auth + SOCKS5Fixtures.connectIPv4
                ).outcome
            else { return nil }
            return request.isolationKey
        }
        #expect(key("alice") != nil)
        #expect(key("alice") == key("alice"))
        #expect(key("alice") != key("bob"))
    }

    @Test(arguments: [[UInt8]([0x05, 0x01, 0x01]), [0x05, 0x00], [0x05, 0x03, 0x01, 0x03, 0x80]])
    func noAcceptableMethod(greeting: [UInt8]) {
        let transcript = HandshakeDriver.run(greeting)
        #expect(transcript.sent.isEmpty)
        #expect(transcript.outcome == .fail(reply: [0x05, 0xFF], code: .noAcceptableAuthenticationMethod))
    }

    @Test func authenticationWithWrongVersionFails() {
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingBoth + [0x05, 0x01, 0x61, 0x01, 0x62])
        #expect(transcript.sent == [[0x05, 0x02]])
        #expect(transcript.outcome == .fail(reply: [0x01, 0x01], code: .authenticationFailed))
    }

    @Test func connectIPv6() {
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectIPv6)
        let expected = ProxyRequest(target: .address(.v6(.loopback)), port: 8080, isolationKey: socks5Key())
        #expect(transcript.outcome == .connect(expected, leftover: []))
    }

    @Test func connectDomain() {
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectDomain)
        let expected = ProxyRequest(target: .domain("example.com"), port: 443, isolationKey: socks5Key())
        #expect(transcript.outcome == .connect(expected, leftover: []))
    }

    @Test func maximumLengthDomain() {
        let name = Array(repeating: UInt8(ascii: "a"), count: 255)
        let transcript = HandshakeDriver.run(
            SOCKS5Fixtures.greetingNoAuth + [0x05, 0x01, 0x00, 0x03, 0xFF] + name + [0, 80])
        let expected = ProxyRequest(
            target: .domain(String(repeating: "a", count: 255)), port: 80, isolationKey: socks5Key())
        #expect(transcript.outcome == .connect(expected, leftover: []))
    }

    /// `curl --socks5-hostname` sends IP literals as names; they become addresses.
    @Test(arguments: [
        ("10.1.2.3", ProxyTarget.address(.v4(IPv4Address(10, 1, 2, 3)))),
        ("::1", .address(.v6(.loopback))),
        ("[::1]", .address(.v6(.loopback))),
        ("Example.ORG", .domain("Example.ORG")),
    ])
    func domainFieldWithLiteral(name: String, target: ProxyTarget) {
        let bytes = Array(ascii: name)
        let request = [0x05, 0x01, 0x00, 0x03, UInt8(bytes.count)] + bytes + [0x00, 0x50]
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + request)
        #expect(
            transcript.outcome
                == .connect(ProxyRequest(target: target, port: 80, isolationKey: socks5Key()), leftover: []))
    }

    @Test(arguments: ["", "a b", "evil\u{0}.com", "user@host", "ex\u{e4}mple.com", "[::1"])
    func invalidDomainIsRefused(name: String) {
        let bytes = Array(ascii: name)
        let request = [0x05, 0x01, 0x00, 0x03, UInt8(bytes.count)] + bytes + [0x00, 0x50]
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + request)
        #expect(transcript.outcome == .fail(reply: Self.reply(0x01), code: .invalidTarget))
    }

    /// RFC 1928 §6: X'07' command not supported — BIND, UDP ASSOCIATE, Tor's RESOLVE (0xF0) and junk.
    @Test(arguments: [UInt8(0x02), 0x03, 0xF0, 0xF1, 0x00])
    func unsupportedCommand(command: UInt8) {
        var request = SOCKS5Fixtures.connectIPv4
        request[1] = command
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + request)
        #expect(transcript.sent == [[0x05, 0x00]])
        #expect(transcript.outcome == .fail(reply: Self.reply(0x07), code: .unsupportedCommand))
        // Decided as soon as CMD arrives, without waiting for the address.
        #expect(HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + [0x05, command]).outcome == transcript.outcome)
    }

    /// RFC 1928 §6: X'08' address type not supported.
    @Test(arguments: [UInt8(0x00), 0x02, 0x05, 0xFF])
    func unsupportedAddressType(addressType: UInt8) {
        let transcript = HandshakeDriver.run(
            SOCKS5Fixtures.greetingNoAuth + [0x05, 0x01, 0x00, addressType, 1, 2, 3, 4, 0, 80])
        #expect(transcript.outcome == .fail(reply: Self.reply(0x08), code: .unsupportedAddressType))
    }

    @Test func requestWithWrongVersion() {
        var request = SOCKS5Fixtures.connectIPv4
        request[0] = 0x04
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + request)
        #expect(transcript.outcome == .fail(reply: Self.reply(0x01), code: .malformedRequest))
    }

    @Test func pipelinedDataIsLeftover() {
        let early = Array(ascii: "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
        let transcript = HandshakeDriver.run(SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectDomain + early)
        #expect(transcript.sent == [[0x05, 0x00]])
        let expected = ProxyRequest(target: .domain("example.com"), port: 443, isolationKey: socks5Key())
        #expect(transcript.outcome == .connect(expected, leftover: early))
        // Data arriving while the stream opens joins the leftover, in order.
        let later = HandshakeDriver.run([
            SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectDomain + early, [1, 2, 3],
        ])
        #expect(later.outcome == .connect(expected, leftover: early + [1, 2, 3]))
    }

    @Test func earlyDataIsBounded() {
        let transcript = HandshakeDriver.run(
            [SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectIPv4, Array(repeating: 0x41, count: 101)],
            earlyDataLimit: 100)
        #expect(transcript.outcome == .fail(reply: [], code: .bufferLimitExceeded))
    }

    /// Every proper prefix of a valid handshake must wait for more bytes: no reply for a message that is
    /// not complete and, above all, no request built from a partial address.
    @Test(arguments: [
        SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectIPv4,
        SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectIPv6,
        SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectDomain,
        SOCKS5Fixtures.greetingBoth + SOCKS5Fixtures.authUserPass + SOCKS5Fixtures.connectDomain,
    ])
    func truncatedInputsNeedMoreBytes(handshake: [UInt8]) {
        let full = HandshakeDriver.run(handshake)
        guard case .connect = full.outcome else {
            Issue.record("the full handshake must connect: \(full)")
            return
        }
        for length in 0..<handshake.count {
            let transcript = HandshakeDriver.run(Array(handshake[..<length]))
            #expect(transcript.outcome == .needMoreBytes, "prefix of \(length) bytes")
            #expect(full.sent.starts(with: transcript.sent), "prefix of \(length) bytes")
        }
    }

    @Test(arguments: [
        (ProxyFailure.generalFailure, UInt8(0x01)), (.notAllowedByRuleset, 0x02), (.networkUnreachable, 0x03),
        (.hostUnreachable, 0x04), (.connectionRefused, 0x05), (.timedOut, 0x06), (.commandNotSupported, 0x07),
        (.addressTypeNotSupported, 0x08),
    ])
    func failureReplyCodes(failure: ProxyFailure, code: UInt8) throws {
        var machine = ProxyHandshakeStateMachine()
        var bytes = ByteBuffer(bytes: SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectIPv4)
        _ = machine.receive(&bytes)
        guard case .connect = machine.nextAction() else {
            Issue.record("expected .connect")
            return
        }
        let reply = try machine.failed(failure)
        #expect(Array(reply.readableBytesView) == Self.reply(code))
        #expect(throws: ProxyError(.invalidState, "")) { try machine.connected() }
    }

    @Test func outcomeBeforeRequestIsAnError() {
        var machine = ProxyHandshakeStateMachine()
        #expect(throws: ProxyError(.invalidState, "")) { try machine.connected() }
        #expect(throws: ProxyError(.invalidState, "")) { try machine.failed(.generalFailure) }
    }

    @Test func socks4IsRejectedWithASOCKS4Reply() {
        // SOCKS4 CONNECT 127.0.0.1:80, user "x".
        let transcript = HandshakeDriver.run([0x04, 0x01, 0x00, 0x50, 127, 0, 0, 1, 0x78, 0x00])
        #expect(transcript.outcome == .fail(reply: [0x00, 0x5B, 0, 0, 0, 0, 0, 0], code: .socks4NotSupported))
        #expect(HandshakeDriver.run([0x04]).outcome == transcript.outcome)
    }

    @Test(arguments: [UInt8(0x00), 0x16, 0x01, 0x7F, 0xFF, 0x20, 0x0D])
    func unrecognizedFirstByte(first: UInt8) {
        let transcript = HandshakeDriver.run([first, 0x03, 0x01])
        #expect(transcript.outcome == .fail(reply: [], code: .unrecognizedProtocol))
    }

    @Test func failedMachineKeepsFailing() {
        var machine = ProxyHandshakeStateMachine()
        var bytes = ByteBuffer(bytes: [0x00])
        guard case .fail = machine.receive(&bytes) else {
            Issue.record("expected .fail")
            return
        }
        var more = ByteBuffer(bytes: SOCKS5Fixtures.greetingNoAuth)
        guard case .fail(let reply, let error) = machine.receive(&more) else {
            Issue.record("expected .fail")
            return
        }
        #expect(reply.readableBytes == 0)
        #expect(error.code == .unrecognizedProtocol)
    }

    @Test func descriptionsHideSecrets() {
        let credentials = ProxyCredentials(username: Array(ascii: "alice"), password: Array(ascii: "hunter2"))
        let request = ProxyRequest(target: .domain("secret.example"), port: 443, isolationKey: socks5Key(credentials))
        for text in ["\(request)", "\(request.isolationKey)", "\(credentials)"] {
            #expect(!text.contains("alice") && !text.contains("hunter2") && !text.contains("secret"))
        }
    }
}
