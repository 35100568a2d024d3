import NIOCore
import SuretyWire
import Testing

@Suite("Relay messages (SPEC §6)")
struct RelayMessageTests {
    private func body(_ message: RelayMessage) -> [UInt8] {
        var buffer = ByteBuffer()
        message.encode(into: &buffer)
        #expect((try? RelayMessage.decode(command: message.command, body: buffer)) == message)
        return buffer.array
    }

    private func decodeError(_ command: RelayCommand, _ bytes: [UInt8]) -> WireError.Code? {
        do {
            _ = try RelayMessage.decode(command: command, body: ByteBuffer(bytes: bytes))
            return nil
        } catch {
            return (error as? WireError)?.code
        }
    }

    @Test func beginLayout() throws {
        let begin = try RelayMessage.Begin(host: "example.com", port: 443, flags: [.ipv6Okay, .preferIPv6])
        #expect(body(.begin(begin)) == Array("example.com:443".utf8) + [0, 0, 0, 0, 5])
        let v6 = try RelayMessage.Begin(host: "[2001:db8::1]", port: 80)
        #expect(body(.begin(v6)) == Array("[2001:db8::1]:80".utf8) + [0, 0, 0, 0, 0])
        #expect(begin.description.contains("[scrubbed]"))
        #expect(!begin.description.contains("example"))
    }

    @Test func beginRejectsNonCanonicalTargets() {
        let bad = [
            "example.com:0443", "example.com:0", "example.com:65536", "example.com:", ":80", "exa mple.com:80",
            "[zz::1]:80", "[::1:80", "example.com", "a:b:80", "[1]:80",
            String(repeating: "a", count: 256) + ":80",
        ]
        for target in bad {
            let code = decodeError(.begin, Array(target.utf8) + [0, 0, 0, 0, 0])
            #expect(code != nil, "accepted \(target)")
        }
        #expect(decodeError(.begin, Array("a.b:1".utf8) + [0, 0, 0, 0]) == .truncated)
        #expect(decodeError(.begin, Array("a.b:1".utf8) + [0, 0, 0, 0, 0, 9]) == .trailingBytes)
        #expect(decodeError(.begin, Array("a.b:1".utf8)) == .truncated)
        #expect(decodeError(.begin, Array((String(repeating: "a", count: 255) + ":65535").utf8) + zeros(5)) == nil)
        #expect(throws: WireError.self) { try RelayMessage.Begin(host: "example.com", port: 0) }
        #expect(throws: WireError.self) { try RelayMessage.Begin(host: "bad host", port: 1) }
    }

    @Test func endLayouts() throws {
        #expect(body(.end(try .init(reason: .done))) == [6])
        let policy = try RelayMessage.End(
            reason: .exitPolicy,
            exitPolicyAddress: AddressTTL(address: .ipv4(IPv4Address(10, 0, 0, 1)), ttl: 300)
        )
        #expect(body(.end(policy)) == [4, 4, 4, 10, 0, 0, 1, 0, 0, 1, 0x2C])
        #expect(decodeError(.end, [6, 4, 4, 10, 0, 0, 1, 0, 0, 1, 0x2C]) == .trailingBytes)
        #expect(decodeError(.end, []) == .truncated)
        #expect(throws: WireError.self) {
            try RelayMessage.End(reason: .done, exitPolicyAddress: AddressTTL(address: .ipv4(IPv4Address(1)), ttl: 1))
        }
        #expect(body(.end(try .init(reason: EndReason(rawValue: 99)))) == [99])
    }

    @Test func connectedLayouts() throws {
        #expect(body(.connected(.empty)) == [])
        let connected = try RelayMessage.Connected(
            address: AddressTTL(address: .ipv6(IPv6Address(high: 1 << 63, low: 2)), ttl: 7)
        )
        #expect(body(.connected(connected)) == [6, 16, 0x80] + zeros(14) + [2, 0, 0, 0, 7])
        #expect(decodeError(.connected, [0, 1, 0x61, 0, 0, 0, 1]) == .invalidField)  // hostname not allowed
        #expect(decodeError(.connected, [4, 5, 1, 2, 3, 4, 5, 0, 0, 0, 1]) == .invalidLength)
    }

    @Test func sendmeLayouts() throws {
        #expect(body(.sendme(.stream)) == [])
        #expect(body(.sendme(.circuit(acknowledging: 0x0102_0304_0506_0708))) == [1, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(decodeError(.sendme, [0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]) == .unsupportedVersion)
        #expect(decodeError(.sendme, [1, 0, 7, 1, 2, 3, 4, 5, 6, 7]) == .invalidLength)
        #expect(decodeError(.sendme, [1, 0, 8, 1, 2, 3]) == .truncated)
        #expect(throws: WireError.self) {
            try RelayCell(streamID: StreamID(1), message: .sendme(.circuit(acknowledging: 1)))
        }
        #expect(throws: WireError.self) { try RelayCell(streamID: .circuit, message: .sendme(.stream)) }
    }

    @Test func extendLayout() throws {
        let extend = try RelayMessage.Extend(
            ipv4: IPv4Endpoint(address: IPv4Address(192, 0, 2, 7), port: 9001),
            ipv6: nil,
            identityKey: Bytes32(repeating: 0x11),
            linkKey: Bytes32(repeating: 0x22),
            onionKey: Bytes32(repeating: 0x33),
            handshake: ByteBuffer(bytes: [0xEE, 0xFF])
        )
        var expected: [UInt8] = [4, 0, 6, 192, 0, 2, 7, 0x23, 0x29]
        expected += [2, 32] + [UInt8](repeating: 0x11, count: 32)
        expected += [3, 32] + [UInt8](repeating: 0x22, count: 32)
        expected += [4, 32] + [UInt8](repeating: 0x33, count: 32)
        expected += [0, 1, 0, 2, 0xEE, 0xFF]
        #expect(body(.extend(extend)) == expected)

        var unordered = expected
        unordered[9] = 3  // link key first, then identity
        unordered[43] = 2
        #expect(decodeError(.extend, unordered) == .unorderedFields)
        var missing = expected
        missing[0] = 3
        missing.removeSubrange(1...8)  // drop the address
        #expect(decodeError(.extend, missing) != nil)
        var portZero = expected
        portZero[7] = 0
        portZero[8] = 0
        #expect(decodeError(.extend, portZero) == .invalidField)
        var duplicate = expected
        duplicate.replaceSubrange(43...44, with: [2, 32])  // second "identity" specifier
        #expect(decodeError(.extend, duplicate) == .unorderedFields)
        #expect(decodeError(.extend, expected + [0]) == .trailingBytes)
    }

    @Test func extendKeepsUnknownSpecifiers() throws {
        let extend = try RelayMessage.Extend(
            ipv4: nil,
            ipv6: IPv6Endpoint(address: IPv6Address(high: 1, low: 2), port: 1),
            identityKey: Bytes32(repeating: 1),
            linkKey: Bytes32(repeating: 2),
            onionKey: Bytes32(repeating: 3),
            unknownSpecifiers: [try UnknownLinkSpecifier(type: 9, value: ByteBuffer(bytes: [7, 7]))],
            handshake: ByteBuffer(bytes: [1])
        )
        let bytes = body(.extend(extend))
        #expect(bytes.first == 5)
        #expect(throws: WireError.self) { try UnknownLinkSpecifier(type: 4, value: ByteBuffer()) }
    }

    @Test func extendedTruncatedAndEmptyBodies() throws {
        #expect(body(.extended(try .init(handshake: ByteBuffer(bytes: [9, 8, 7])))) == [0, 3, 9, 8, 7])
        #expect(body(.truncate(.init())) == [])
        #expect(body(.truncated(.init(reason: .requested))) == [3])
        #expect(body(.beginDir(.init())) == [])
        #expect(decodeError(.truncate, [0]) == .trailingBytes)
        #expect(decodeError(.beginDir, [0]) == .trailingBytes)
        #expect(decodeError(.truncated, [3, 0]) == .trailingBytes)
    }

    @Test func resolveAndResolved() throws {
        #expect(body(.resolve(.init(hostname: try Hostname("example.org")))) == Array("example.org".utf8))
        #expect(decodeError(.resolve, []) != nil)
        #expect(decodeError(.resolve, Array("a b".utf8)) == .invalidField)
        let resolved = try RelayMessage.Resolved(answers: [
            AddressTTL(address: .ipv4(IPv4Address(1, 2, 3, 4)), ttl: 60),
            AddressTTL(address: .hostname(try Hostname("x.y")), ttl: 1),
        ])
        #expect(body(.resolved(resolved)) == [4, 4, 1, 2, 3, 4, 0, 0, 0, 60, 0, 3, 0x78, 0x2E, 0x79, 0, 0, 0, 1])
        #expect(
            body(.resolved(try .init(answers: [AddressTTL(address: .permanentError, ttl: 0)]))) == [
                0xF1, 0, 0, 0, 0, 0,
            ])
        #expect(decodeError(.resolved, []) == .missingField)
        #expect(decodeError(.resolved, [0xF0, 0, 0, 0, 0, 0, 4, 4, 1, 2, 3, 4, 0, 0, 0, 1]) == .invalidField)
        #expect(decodeError(.resolved, [0xF0, 1, 0, 0, 0, 0, 0]) == .invalidLength)
        #expect(decodeError(.resolved, [0x05, 0, 0, 0, 0, 0]) == .invalidField)
        #expect(throws: WireError.self) { try RelayMessage.Resolved(answers: []) }
    }

    @Test func opaqueBodies() throws {
        #expect(body(.drop(try .init(ByteBuffer()))) == [])
        #expect(body(.drop(try .init(ByteBuffer(bytes: [1, 2, 3])))) == [1, 2, 3])
        #expect(body(.token(try .init(body: ByteBuffer(bytes: [4])))) == [4])
        #expect(decodeError(.token, []) == .invalidLength)
        #expect(decodeError(.data, []) == .invalidLength)
        #expect(decodeError(.drop, zeros(1005)) == .tooLong)
    }
}
