import NIOCore
import SuretyWire

/// Valid encodings of every structure, one file each, as the fuzzers' starting corpus
/// (Fuzz/corpus/<Target>/). Regenerate with `SURETY_WRITE_CORPUS=1 swift test --filter FuzzCorpus`.
public enum SeedCorpus {
    public struct Seed: Sendable {
        public let target: String
        public let name: String
        public let bytes: [UInt8]
    }

    public static func all() throws -> [Seed] {
        try cellSeeds() + relaySeeds() + linkSeeds() + documentSeeds()
    }

    private static func key(_ byte: UInt8) -> Bytes32 { Bytes32(repeating: byte) }

    private static func cellSeeds() throws -> [Seed] {
        let circuit = CircuitID(0x8000_0001)
        let messages: [(String, CellMessage, CircuitID)] = [
            ("padding", .padding, .link),
            (
                "create",
                .create(
                    try .init(handshakeType: .noiseNK, handshake: ByteBuffer(bytes: [UInt8](repeating: 7, count: 80)))),
                circuit
            ),
            ("created", .created(try .init(handshake: ByteBuffer(bytes: [UInt8](repeating: 8, count: 64)))), circuit),
            ("relay", .relay(ByteBuffer(bytes: [UInt8](repeating: 0x5A, count: Cell.payloadSize))), circuit),
            ("relay-early", .relayEarly(ByteBuffer(bytes: [UInt8](repeating: 0xA5, count: Cell.payloadSize))), circuit),
            ("destroy", .destroy(.init(reason: .protocol)), circuit),
            (
                "netinfo",
                .netInfo(
                    try .init(
                        timestamp: 1_760_000_000,
                        otherAddress: .ipv4(IPv4Address(192, 0, 2, 1)),
                        myAddresses: [
                            .ipv4(IPv4Address(198, 51, 100, 2)), .ipv6(IPv6Address(high: 0x2001_0db8 << 32, low: 1)),
                        ]
                    )
                ), .link
            ),
            (
                "governance",
                .governance(
                    try .init(entryKind: 1, totalLength: 2000, offset: 1008, fragment: ByteBuffer(bytes: [1, 2, 3]))),
                .link
            ),
        ]
        var seeds: [Seed] = []
        var stream = ByteBuffer()
        for (name, message, id) in messages {
            var bytes = ByteBuffer()
            try message.cell(circuitID: id).encode(into: &bytes)
            stream.writeImmutableBuffer(bytes)
            seeds.append(Seed(target: "FuzzCell", name: name, bytes: Array(bytes.readableBytesView)))
        }
        seeds.append(Seed(target: "FuzzCell", name: "stream", bytes: Array(stream.readableBytesView)))
        var framed = ByteBuffer()
        try LinkFrameEncoder.writeFrame(ByteBuffer(bytes: [1, 2, 3]), to: &framed)
        seeds.append(Seed(target: "FuzzCell", name: "frames", bytes: Array(framed.readableBytesView)))
        return seeds
    }

    private static func relaySeeds() throws -> [Seed] {
        let stream = StreamID(1)
        let cells: [(String, RelayCell)] = [
            (
                "begin",
                try .init(
                    streamID: stream, message: .begin(try .init(host: "example.com", port: 443, flags: .ipv6Okay)))
            ),
            ("begin-v6", try .init(streamID: stream, message: .begin(try .init(host: "[2001:db8::1]", port: 80)))),
            (
                "data",
                try .init(streamID: stream, message: .data(try .init(ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n"))))
            ),
            ("end", try .init(streamID: stream, message: .end(try .init(reason: .done)))),
            (
                "end-policy",
                try .init(
                    streamID: stream,
                    message: .end(
                        try .init(
                            reason: .exitPolicy,
                            exitPolicyAddress: AddressTTL(address: .ipv4(IPv4Address(10, 0, 0, 1)), ttl: 60))
                    )
                )
            ),
            (
                "connected",
                try .init(
                    streamID: stream,
                    message: .connected(
                        try .init(address: AddressTTL(address: .ipv4(IPv4Address(1, 1, 1, 1)), ttl: 300))))
            ),
            ("connected-empty", try .init(streamID: stream, message: .connected(.empty))),
            (
                "sendme-circuit",
                try .init(streamID: .circuit, message: .sendme(.circuit(acknowledging: 0x0102_0304_0506_0708)))
            ),
            ("sendme-stream", try .init(streamID: stream, message: .sendme(.stream))),
            (
                "extend",
                try .init(
                    streamID: .circuit,
                    message: .extend(
                        try .init(
                            ipv4: try IPv4Endpoint(address: IPv4Address(203, 0, 113, 5), port: 9001),
                            ipv6: try IPv6Endpoint(address: IPv6Address(high: 0x2001_0db8 << 32, low: 5), port: 9001),
                            identityKey: key(1),
                            linkKey: key(2),
                            onionKey: key(3),
                            unknownSpecifiers: [try UnknownLinkSpecifier(type: 9, value: ByteBuffer(bytes: [1]))],
                            handshake: ByteBuffer(bytes: [UInt8](repeating: 4, count: 80))
                        )
                    )
                )
            ),
            (
                "extended",
                try .init(
                    streamID: .circuit,
                    message: .extended(try .init(handshake: ByteBuffer(bytes: [UInt8](repeating: 5, count: 64)))))
            ),
            ("truncate", try .init(streamID: .circuit, message: .truncate(.init()))),
            ("truncated", try .init(streamID: .circuit, message: .truncated(.init(reason: .destroyed)))),
            ("drop", try .init(streamID: .circuit, message: .drop(try .init(ByteBuffer(bytes: [0, 0, 0]))))),
            ("resolve", try .init(streamID: stream, message: .resolve(.init(hostname: try Hostname("example.org"))))),
            (
                "resolved",
                try .init(
                    streamID: stream,
                    message: .resolved(
                        try .init(answers: [
                            AddressTTL(address: .ipv4(IPv4Address(93, 184, 216, 34)), ttl: 60),
                            AddressTTL(address: .hostname(try Hostname("example.org")), ttl: 60),
                        ])
                    )
                )
            ),
            (
                "resolved-error",
                try .init(
                    streamID: stream,
                    message: .resolved(try .init(answers: [AddressTTL(address: .transientError, ttl: 0)])))
            ),
            ("begin-dir", try .init(streamID: stream, message: .beginDir(.init()))),
            (
                "token",
                try .init(
                    streamID: .circuit,
                    message: .token(try .init(body: ByteBuffer(bytes: [UInt8](repeating: 0x77, count: 300)))))
            ),
        ]
        var seeds: [Seed] = []
        for (name, cell) in cells {
            var body = ByteBuffer()
            cell.message.encode(into: &body)
            seeds.append(
                Seed(
                    target: "FuzzRelayMessage", name: name,
                    bytes: [cell.command.rawValue] + Array(body.readableBytesView)))
            var plaintext = ByteBuffer()
            cell.encode(into: &plaintext)
            seeds.append(
                Seed(target: "FuzzRelayMessage", name: "\(name)-cell", bytes: Array(plaintext.readableBytesView)))
        }
        return seeds
    }

    private static func linkSeeds() throws -> [Seed] {
        let certificate = RelayLinkCertificate(
            identityKey: key(1), linkKey: key(2), validUntil: 1_760_000_000, signature: Bytes64(repeating: 3))
        let device = DeviceCertificate(
            memberID: key(4),
            memberKey: key(5),
            deviceKey: key(6),
            validFrom: 1_760_000_000,
            validUntil: 1_760_086_400,
            signature: Bytes64(repeating: 7)
        )
        let extensions = try ExtensionList([try .init(type: .stakeProof, value: ByteBuffer(bytes: [1, 2, 3, 4]))])
        func bytes(_ selector: UInt8, _ write: (inout ByteBuffer) -> Void) -> [UInt8] {
            var buffer = ByteBuffer()
            write(&buffer)
            return [selector] + Array(buffer.readableBytesView)
        }
        let responder = try LinkResponderPayload(
            versions: try VersionList([1, 2]), certificate: certificate, extensions: extensions)
        let initiators: [(String, InitiatorCredential)] = [
            ("relay", .relay(certificate)), ("member", .memberDevice(device)), ("anonymous", .anonymous),
        ]
        var seeds = [
            Seed(target: "FuzzLinkPayload", name: "responder", bytes: bytes(0) { responder.encode(into: &$0) })
        ]
        for (name, credential) in initiators {
            let payload = try LinkInitiatorPayload(credential: credential, extensions: extensions)
            seeds.append(
                Seed(
                    target: "FuzzLinkPayload", name: "initiator-\(name)", bytes: bytes(1) { payload.encode(into: &$0) })
            )
        }
        seeds.append(
            Seed(
                target: "FuzzLinkPayload", name: "hop-extensions",
                bytes: bytes(2) { ExtensionList.hopHandshake(flags: 0).encode(into: &$0) }))
        seeds.append(
            Seed(target: "FuzzLinkPayload", name: "link-certificate", bytes: bytes(3) { certificate.encode(into: &$0) })
        )
        seeds.append(
            Seed(target: "FuzzLinkPayload", name: "device-certificate", bytes: bytes(4) { device.encode(into: &$0) }))
        return seeds
    }

    private static func documentSeeds() throws -> [Seed] {
        let entry = SampleDocument.Entry(key: key(9), weight: 100, labels: ["exit", "guard"])
        let document = SampleDocument(
            note: "seed",
            serial: 1,
            flag: true,
            small: 2,
            port: 443,
            name: "relay",
            blob: [1, 2, 3],
            signature: Bytes64(repeating: 1),
            entries: [entry, SampleDocument.Entry(key: key(8), weight: 1, labels: [])],
            nested: entry
        )
        let signatures = try SignatureBlock([
            DocumentSignature(keyID: key(0x10), signature: Bytes64(repeating: 0x20)),
            DocumentSignature(keyID: key(0x30), signature: Bytes64(repeating: 0x40)),
        ])
        let envelope = try SignedEnvelope(document: document, signatures: signatures)
        return [
            Seed(target: "FuzzCanonicalDocument", name: "document", bytes: try CanonicalEncoder.encode(document)),
            Seed(target: "FuzzCanonicalDocument", name: "envelope", bytes: try envelope.encoded()),
            Seed(target: "FuzzCanonicalDocument", name: "entry", bytes: try CanonicalEncoder.encode(entry)),
        ]
    }
}
