import NIOCore
import SuretyWire

/// Random valid protocol values for encode→decode property tests. Every value is built through
/// the public validating initialisers, so it is one a sender could produce.
enum Arbitrary {
    static func buffer(_ rng: inout SeededGenerator, _ range: ClosedRange<Int>) -> ByteBuffer {
        ByteBuffer(bytes: rng.bytes(in: range))
    }

    static func bytes32(_ rng: inout SeededGenerator) -> Bytes32 {
        (try? Bytes32(rng.bytes(32))) ?? Bytes32(repeating: 0)
    }

    static func bytes64(_ rng: inout SeededGenerator) -> Bytes64 {
        (try? Bytes64(rng.bytes(64))) ?? Bytes64(repeating: 0)
    }

    static func hostname(_ rng: inout SeededGenerator, maxLength: Int = 255) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")
        let length = Int.random(in: 1...maxLength, using: &rng)
        return String((0..<length).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
    }

    static func ipAddress(_ rng: inout SeededGenerator) -> NetAddress {
        Bool.random(using: &rng)
            ? .ipv4(IPv4Address(UInt32(truncatingIfNeeded: rng.next())))
            : .ipv6(IPv6Address(high: rng.next(), low: rng.next()))
    }

    static func addressTTL(_ rng: inout SeededGenerator) -> AddressTTL {
        AddressTTL(address: ipAddress(&rng), ttl: UInt32.random(in: .min ... .max, using: &rng))
    }

    static func port(_ rng: inout SeededGenerator) -> UInt16 {
        UInt16.random(in: 1 ... .max, using: &rng)
    }

    static func begin(_ rng: inout SeededGenerator) throws -> RelayMessage.Begin {
        let host: String
        if Bool.random(using: &rng) {
            host = hostname(&rng)
        } else {
            let literal = Array("0123456789abcdefABCDEF:.")
            let length = Int.random(in: 2...45, using: &rng)
            host = "[" + String((0..<length).map { _ in literal.randomElement(using: &rng) ?? ":" }) + "]"
        }
        return try RelayMessage.Begin(
            host: host,
            port: port(&rng),
            flags: .init(rawValue: UInt32.random(in: .min ... .max, using: &rng))
        )
    }

    static func extend(_ rng: inout SeededGenerator) throws -> RelayMessage.Extend {
        var ipv4: IPv4Endpoint?
        var ipv6: IPv6Endpoint?
        switch Int.random(in: 0...2, using: &rng) {
        case 0: ipv4 = try IPv4Endpoint(address: IPv4Address(UInt32(truncatingIfNeeded: rng.next())), port: port(&rng))
        case 1: ipv6 = try IPv6Endpoint(address: IPv6Address(high: rng.next(), low: rng.next()), port: port(&rng))
        default:
            ipv4 = try IPv4Endpoint(address: IPv4Address(UInt32(truncatingIfNeeded: rng.next())), port: port(&rng))
            ipv6 = try IPv6Endpoint(address: IPv6Address(high: rng.next(), low: rng.next()), port: port(&rng))
        }
        var unknown: [UnknownLinkSpecifier] = []
        if Bool.random(using: &rng) {
            unknown.append(
                try UnknownLinkSpecifier(type: UInt8.random(in: 5...200, using: &rng), value: buffer(&rng, 0...40)))
        }
        return try RelayMessage.Extend(
            ipv4: ipv4,
            ipv6: ipv6,
            identityKey: bytes32(&rng),
            linkKey: bytes32(&rng),
            onionKey: bytes32(&rng),
            unknownSpecifiers: unknown,
            handshakeType: HandshakeType(rawValue: UInt16.random(in: .min ... .max, using: &rng)),
            handshake: buffer(&rng, 1...700)
        )
    }

    static func resolved(_ rng: inout SeededGenerator) throws -> RelayMessage.Resolved {
        switch Int.random(in: 0...3, using: &rng) {
        case 0: return try .init(answers: [AddressTTL(address: .transientError, ttl: 0)])
        case 1: return try .init(answers: [AddressTTL(address: .permanentError, ttl: 5)])
        default:
            var answers: [AddressTTL] = []
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                if Int.random(in: 0...3, using: &rng) == 0 {
                    answers.append(
                        AddressTTL(address: .hostname(try Hostname(hostname(&rng, maxLength: 60))), ttl: 60)
                    )
                } else {
                    answers.append(addressTTL(&rng))
                }
            }
            return try .init(answers: answers)
        }
    }

    /// A random relay message and a stream id it may travel on.
    static func relayCell(_ rng: inout SeededGenerator) throws -> RelayCell {
        let stream = StreamID(UInt16.random(in: 1 ... .max, using: &rng))
        let command = RelayCommand.allCases.randomElement(using: &rng) ?? .data
        let message: RelayMessage
        var streamID = command.streamUsage == .circuit ? StreamID.circuit : stream
        switch command {
        case .begin: message = .begin(try begin(&rng))
        case .data: message = .data(try .init(buffer(&rng, 1...RelayCell.maxDataLength)))
        case .end:
            let reason = EndReason(rawValue: UInt8.random(in: .min ... .max, using: &rng))
            message = .end(
                try .init(reason: reason, exitPolicyAddress: reason == .exitPolicy ? addressTTL(&rng) : nil)
            )
        case .connected: message = .connected(Bool.random(using: &rng) ? .empty : try .init(address: addressTTL(&rng)))
        case .sendme:
            if Bool.random(using: &rng) {
                streamID = .circuit
                message = .sendme(.circuit(acknowledging: rng.next()))
            } else {
                message = .sendme(.stream)
            }
        case .extend: message = .extend(try extend(&rng))
        case .extended: message = .extended(try .init(handshake: buffer(&rng, 1...768)))
        case .truncate: message = .truncate(.init())
        case .truncated:
            message = .truncated(.init(reason: DestroyReason(rawValue: UInt8.random(in: 0...255, using: &rng))))
        case .drop: message = .drop(try .init(buffer(&rng, 0...RelayCell.maxDataLength)))
        case .resolve: message = .resolve(.init(hostname: try Hostname(hostname(&rng))))
        case .resolved: message = .resolved(try resolved(&rng))
        case .beginDir: message = .beginDir(.init())
        case .token: message = .token(try .init(body: buffer(&rng, 1...RelayCell.maxDataLength)))
        }
        return try RelayCell(streamID: streamID, message: message, digest: rng.next())
    }

    /// A random cell message and a circuit id it may use.
    static func cellMessage(_ rng: inout SeededGenerator) throws -> (CellMessage, CircuitID) {
        let circuit = CircuitID(UInt32.random(in: 1 ... .max, using: &rng))
        switch CellCommand.allCases.randomElement(using: &rng) ?? .padding {
        case .padding: return (.padding, .link)
        case .create:
            return (
                .create(
                    try .init(
                        handshakeType: HandshakeType(rawValue: UInt16.random(in: 0 ... .max, using: &rng)),
                        handshake: buffer(&rng, 1...768)
                    )
                ), circuit
            )
        case .created: return (.created(try .init(handshake: buffer(&rng, 1...768))), circuit)
        case .relay: return (.relay(buffer(&rng, Cell.payloadSize...Cell.payloadSize)), circuit)
        case .relayEarly: return (.relayEarly(buffer(&rng, Cell.payloadSize...Cell.payloadSize)), circuit)
        case .destroy:
            return (.destroy(.init(reason: DestroyReason(rawValue: UInt8.random(in: 0...255, using: &rng)))), circuit)
        case .netInfo:
            let count = Int.random(in: 0...8, using: &rng)
            return (
                .netInfo(
                    try .init(
                        timestamp: rng.next(),
                        otherAddress: ipAddress(&rng),
                        myAddresses: (0..<count).map { _ in ipAddress(&rng) }
                    )
                ), .link
            )
        case .governance:
            let total = UInt32.random(in: 1...65536, using: &rng)
            let length = Int.random(in: 1...Int(min(total, 1008)), using: &rng)
            let offset = UInt32.random(in: 0...(total - UInt32(length)), using: &rng)
            return (
                .governance(
                    try .init(
                        entryKind: UInt8.random(in: 1...255, using: &rng),
                        totalLength: total,
                        offset: offset,
                        fragment: buffer(&rng, length...length)
                    )
                ), .link
            )
        }
    }

    static func extensionList(_ rng: inout SeededGenerator) throws -> ExtensionList {
        var types = Set<UInt8>()
        for _ in 0..<Int.random(in: 0...6, using: &rng) { types.insert(UInt8.random(in: 0...255, using: &rng)) }
        return try ExtensionList(
            types.sorted().map {
                try ExtensionList.Entry(type: ExtensionType(rawValue: $0), value: buffer(&rng, 0...40))
            }
        )
    }

    static func versions(_ rng: inout SeededGenerator) throws -> VersionList {
        var set = Set<UInt16>()
        for _ in 0..<Int.random(in: 1...16, using: &rng) { set.insert(UInt16.random(in: 1...40, using: &rng)) }
        return try VersionList(set.sorted())
    }

    static func linkCertificate(_ rng: inout SeededGenerator) -> RelayLinkCertificate {
        RelayLinkCertificate(
            identityKey: bytes32(&rng), linkKey: bytes32(&rng), validUntil: rng.next(), signature: bytes64(&rng))
    }

    static func deviceCertificate(_ rng: inout SeededGenerator) -> DeviceCertificate {
        DeviceCertificate(
            memberID: bytes32(&rng),
            memberKey: bytes32(&rng),
            deviceKey: bytes32(&rng),
            validFrom: rng.next(),
            validUntil: rng.next(),
            signature: bytes64(&rng)
        )
    }
}
