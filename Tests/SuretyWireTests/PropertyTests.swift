import NIOCore
import PropertyBased
import SuretyFuzzHarness
import SuretyWire
import Testing

/// The codec properties of issue 8: encode→decode is the identity for arbitrary messages,
/// decode→encode is the identity for every accepted byte string, and truncation never yields
/// a wrong message.
@Suite("Codec properties")
struct PropertyTests {
    // MARK: encode → decode

    @Test func relayCellsRoundTrip() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            let cell = try Arbitrary.relayCell(&rng)
            var payload = ByteBuffer()
            cell.encode(into: &payload)
            #expect(payload.readableBytes == Cell.payloadSize)
            #expect(try RelayCell(decodingPlaintext: payload) == cell)
        }
    }

    @Test func cellMessagesRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            let (message, circuit) = try Arbitrary.cellMessage(&rng)
            let cell = try message.cell(circuitID: circuit)
            var wire = ByteBuffer()
            cell.encode(into: &wire)
            let decoded = try #require(try Cell.read(from: &wire))
            #expect(decoded == cell)
            #expect(try CellMessage(decoding: decoded) == message)
        }
    }

    @Test func linkPayloadsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            let credentials: [InitiatorCredential] = [
                .relay(Arbitrary.linkCertificate(&rng)), .memberDevice(Arbitrary.deviceCertificate(&rng)), .anonymous,
            ]
            let initiator = try LinkInitiatorPayload(
                versions: try Arbitrary.versions(&rng),
                credential: credentials.randomElement(using: &rng) ?? .anonymous,
                extensions: try Arbitrary.extensionList(&rng)
            )
            var out = ByteBuffer()
            initiator.encode(into: &out)
            #expect(out.readableBytes == initiator.encodedLength)
            #expect(try LinkInitiatorPayload(decoding: out) == initiator)

            let responder = try LinkResponderPayload(
                versions: try Arbitrary.versions(&rng),
                certificate: Arbitrary.linkCertificate(&rng),
                extensions: try Arbitrary.extensionList(&rng)
            )
            out.clear()
            responder.encode(into: &out)
            #expect(try LinkResponderPayload(decoding: out) == responder)
        }
    }

    @Test func documentsRoundTrip() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            let document = Self.sampleDocument(&rng)
            let bytes = try CanonicalEncoder.encode(document)
            #expect(try CanonicalDecoder.decode(SampleDocument.self, from: bytes) == document)
            let envelope = try SignedEnvelope(document: document)
            #expect(try Unverified<SampleDocument>(decoding: envelope.encoded()).unverifiedDocument == document)
        }
    }

    // MARK: decode → encode

    @Test func acceptedRelayPlaintextsReEncodeExactly() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            var payload = ByteBuffer()
            try Arbitrary.relayCell(&rng).encode(into: &payload)
            var bytes = payload.array
            Self.mutate(&bytes, &rng)
            let input = ByteBuffer(bytes: bytes)
            if let cell = try? RelayCell(decodingPlaintext: input) {
                var out = ByteBuffer()
                cell.encode(into: &out)
                #expect(out == input)
            }
        }
    }

    @Test func acceptedRelayBodiesReEncodeExactly() async {
        await propertyCheck(count: 1000, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            let cell = try Arbitrary.relayCell(&rng)
            var body = ByteBuffer()
            cell.message.encode(into: &body)
            var bytes = body.array
            Self.mutate(&bytes, &rng)
            let input = ByteBuffer(bytes: bytes)
            if let message = try? RelayMessage.decode(command: cell.command, body: input) {
                var out = ByteBuffer()
                message.encode(into: &out)
                #expect(out == input)
            }
        }
    }

    @Test func acceptedCellsReEncodeExactly() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            let (message, circuit) = try Arbitrary.cellMessage(&rng)
            var wire = ByteBuffer()
            try message.cell(circuitID: circuit).encode(into: &wire)
            var bytes = wire.array
            Self.mutate(&bytes, &rng)
            var input = ByteBuffer(bytes: bytes)
            guard let cell = try? Cell.read(from: &input) else { return }
            var out = ByteBuffer()
            cell.encode(into: &out)
            #expect(out.array == Array(bytes.prefix(Cell.size)))
            if let decoded = try? CellMessage(decoding: cell), decoded != .padding {
                var payload = ByteBuffer()
                try decoded.encodePayload(into: &payload)
                #expect(payload == cell.payload)
            }
        }
    }

    @Test func acceptedRecordsReEncodeExactly() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            var bytes = try SignedEnvelope(document: Self.sampleDocument(&rng)).encoded()
            Self.mutate(&bytes, &rng)
            if let list = try? CanonicalFieldList(decoding: bytes) {
                #expect(list.encoded() == bytes)
            }
            if var decoder = try? CanonicalDecoder(bytes), let envelope = try? SignedEnvelope(decoding: bytes) {
                _ = decoder
                decoder = try CanonicalDecoder(envelope.body)
                if let document = try? SampleDocument(canonical: &decoder), (try? decoder.finish()) != nil,
                    decoder.skippedUnknownFields == 0
                {
                    #expect(try CanonicalEncoder.encode(document) == envelope.body)
                }
            }
            bytes.withUnsafeBytes { FuzzHarness.canonicalDocument($0) }
        }
    }

    @Test func randomBytesNeverCrashTheDecoders() async {
        await propertyCheck(count: 300, input: Gen<UInt8>.value().array(of: 0...1100)) { bytes in
            bytes.withUnsafeBytes { raw in
                FuzzHarness.cell(raw)
                FuzzHarness.relayMessage(raw)
                FuzzHarness.linkPayload(raw)
                FuzzHarness.canonicalDocument(raw)
            }
        }
    }

    // MARK: truncation

    @Test func truncatedCellStreamsNeedMoreBytes() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            var cells: [Cell] = []
            var wire = ByteBuffer()
            for _ in 0..<3 {
                let (message, circuit) = try Arbitrary.cellMessage(&rng)
                let cell = try message.cell(circuitID: circuit)
                cells.append(cell)
                cell.encode(into: &wire)
            }
            for length in 0..<wire.readableBytes {
                var prefix = try #require(wire.getSlice(at: 0, length: length))
                var decoded: [Cell] = []
                while let cell = try Cell.read(from: &prefix) { decoded.append(cell) }
                #expect(decoded == Array(cells.prefix(length / Cell.size)))
                #expect(prefix.readableBytes == length % Cell.size)
            }
        }
    }

    @Test func truncatedRelayCellsAndSelfDelimitingBodiesFail() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            let cell = try Arbitrary.relayCell(&rng)
            var payload = ByteBuffer()
            cell.encode(into: &payload)
            for length in stride(from: 0, to: Cell.payloadSize, by: 7) {
                #expect(throws: WireError.self) {
                    try RelayCell(decodingPlaintext: payload.getSlice(at: 0, length: length)!)
                }
            }
            // Bodies whose own fields give their length: a strict prefix never decodes.
            let selfDelimiting: Set<RelayCommand> = [.begin, .extend, .extended, .truncated]
            var body = ByteBuffer()
            cell.message.encode(into: &body)
            let needsCheck =
                selfDelimiting.contains(cell.command) || (cell.command == .sendme && body.readableBytes > 0)
            guard needsCheck else { return }
            for length in (cell.command == .sendme ? 1 : 0)..<body.readableBytes {
                let prefix = body.getSlice(at: 0, length: length)!
                #expect(throws: WireError.self) { try RelayMessage.decode(command: cell.command, body: prefix) }
            }
        }
    }

    @Test func truncatedLinkFramesNeedMoreBytes() throws {
        var rng = SeededGenerator(seed: 7)
        let messages = (0..<3).map { _ in ByteBuffer(bytes: rng.bytes(in: 1...300)) }
        var framed = ByteBuffer()
        for message in messages { try LinkFrameEncoder.writeFrame(message, to: &framed) }
        for length in 0..<framed.readableBytes {
            var prefix = framed.getSlice(at: 0, length: length)!
            var decoded: [ByteBuffer] = []
            while let frame = try LinkFrameDecoder.readFrame(from: &prefix) { decoded.append(frame) }
            #expect(decoded == Array(messages.prefix(decoded.count)))
            #expect(decoded.count < messages.count)
        }
    }

    @Test func truncatedEnvelopesFail() throws {
        var rng = SeededGenerator(seed: 11)
        let bytes = try SignedEnvelope(document: Self.sampleDocument(&rng)).encoded()
        for length in 0..<bytes.count {
            #expect(throws: WireError.self) { try Unverified<SampleDocument>(decoding: Array(bytes.prefix(length))) }
        }
    }

    // MARK: helpers

    /// Flips, overwrites, inserts or deletes a few bytes.
    static func mutate(_ bytes: inout [UInt8], _ rng: inout SeededGenerator) {
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            guard !bytes.isEmpty else {
                bytes.append(UInt8.random(in: 0...255, using: &rng))
                continue
            }
            let index = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0...4, using: &rng) {
            case 0: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 1: bytes[index] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes[index] = [0, 1, 0xFF, 0x80][Int.random(in: 0...3, using: &rng)]
            case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
            default: bytes.remove(at: index)
            }
        }
    }

    static func sampleDocument(_ rng: inout SeededGenerator) -> SampleDocument {
        func entry() -> SampleDocument.Entry {
            let labels = Set(
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in Arbitrary.hostname(&rng, maxLength: 8) })
            return SampleDocument.Entry(
                key: Arbitrary.bytes32(&rng),
                weight: UInt32.random(in: .min ... .max, using: &rng),
                labels: labels.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            )
        }
        return SampleDocument(
            note: Bool.random(using: &rng) ? "nöte \(rng.next())" : nil,
            serial: rng.next(),
            flag: Bool.random(using: &rng),
            small: UInt8.random(in: 0...255, using: &rng),
            port: UInt16.random(in: 0...65535, using: &rng),
            name: Arbitrary.hostname(&rng, maxLength: 20),
            blob: rng.bytes(in: 0...64),
            signature: Bool.random(using: &rng) ? Arbitrary.bytes64(&rng) : nil,
            entries: (0..<Int.random(in: 0...4, using: &rng)).map { _ in entry() },
            nested: Bool.random(using: &rng) ? entry() : nil
        )
    }
}
