import PropertyBased
import SuretyProxy
import Testing

/// The state machine must reach the same result however a client's bytes are split into reads, and
/// must never trap on any input.
/// Valid handshakes of every kind, as seeds for mutation.
enum HandshakeSeeds {
    static let all: [[UInt8]] = [
        SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectIPv4,
        SOCKS5Fixtures.greetingNoAuth + SOCKS5Fixtures.connectIPv6 + [9, 9],
        SOCKS5Fixtures.greetingBoth + SOCKS5Fixtures.authUserPass + SOCKS5Fixtures.connectDomain,
        HTTPFixtures.head,
        Array(ascii: "CONNECT [::1]:80 HTTP/1.0\nProxy-Authorization: Basic YTpi\n\nxyz"),
        Array(ascii: "GET / HTTP/1.1\r\n\r\n"),
        [0x04, 0x01, 0x00, 0x50, 127, 0, 0, 1, 0x00],
    ]
}

@Suite struct HandshakePropertyTests {
    static let seeds = HandshakeSeeds.all

    @Test func randomBytesInAnySplitMatchOnePiece() async {
        await propertyCheck(
            count: 2000,
            input: Gen.uint8(in: 0...255).array(of: 0...80), Gen.int(in: 0...1000).array(of: 0...10)
        ) { bytes, cuts in
            let whole = HandshakeDriver.run(bytes)
            #expect(HandshakeDriver.run(HandshakeDriver.split(bytes, at: cuts)) == whole)
        }
    }

    @Test func mutatedHandshakesInAnySplitMatchOnePiece() async {
        await propertyCheck(
            count: 3000,
            input: Gen.int(in: 0...(Self.seeds.count - 1)),
            Gen.int(in: 0...200).array(of: 0...4),
            Gen.uint8(in: 0...255).array(of: 4),
            Gen.int(in: 0...200),
            Gen.int(in: 0...1000).array(of: 0...12)
        ) { seed, positions, values, truncateAt, cuts in
            var bytes = Self.seeds[seed]
            for (position, value) in zip(positions, values) where position < bytes.count {
                bytes[position] = value
            }
            if truncateAt < bytes.count { bytes.removeLast(bytes.count - truncateAt) }
            let whole = HandshakeDriver.run(bytes)
            #expect(HandshakeDriver.run(HandshakeDriver.split(bytes, at: cuts)) == whole)
        }
    }

    /// One byte per read is the harshest split; it must still match for every seed.
    @Test(arguments: HandshakeSeeds.all)
    func byteAtATimeMatchesOnePiece(bytes: [UInt8]) {
        let whole = HandshakeDriver.run(bytes)
        #expect(HandshakeDriver.run(bytes.map { [$0] }) == whole)
        if case .needMoreBytes = whole.outcome { Issue.record("seed should finish: \(whole)") }
    }
}
