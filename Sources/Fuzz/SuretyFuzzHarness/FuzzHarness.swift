import NIOCore
import SuretyWire

/// The property checks each fuzz target runs on one input. Shared by the libFuzzer
/// executables (Sources/Fuzz/Fuzz*/main.swift) and by the tests that replay the seed corpus.
///
/// Decoders must never crash; these checks add the properties of issue 8: every accepted byte
/// string re-encodes to itself, and a prefix of an input never decodes to a different value.
/// A violated property stops the process on purpose (`precondition`): that is how a fuzzer
/// reports a finding. Nothing here is used in production code.
public enum FuzzHarness {
    /// Cells, link frames and cell batches from a byte stream (Docs/SPEC.md §2.2, §2.9, §3).
    public static func cell(_ input: UnsafeRawBufferPointer) {
        let bytes = ByteBuffer(bytes: input)
        var stream = bytes
        while true {
            let before = stream
            do {
                guard let cell = try Cell.read(from: &stream) else {
                    check(stream.readableBytes < Cell.size, "Cell.read returned nil with a whole cell present")
                    check(stream == before, "Cell.read consumed bytes without returning a cell")
                    break
                }
                let consumed = before.getSlice(at: before.readerIndex, length: Cell.size)
                var encoded = ByteBuffer()
                cell.encode(into: &encoded)
                check(encoded == consumed, "cell did not re-encode to its bytes")
                check((try? Cell(decoding: encoded)) == cell, "Cell(decoding:) disagrees with Cell.read")
                cellMessage(cell)
            } catch {
                check(error is WireError, "decoder threw a non-WireError")
                check(stream == before, "Cell.read consumed bytes before throwing")
                break
            }
        }
        var frames = bytes
        while let frame = try? LinkFrameDecoder.readFrame(from: &frames) {
            var encoded = ByteBuffer()
            check((try? LinkFrameEncoder.writeFrame(frame, to: &encoded)) != nil, "frame did not re-encode")
            check(encoded.readableBytes == frame.readableBytes + 2, "frame length prefix")
        }
        var count = 0
        if (try? CellBatch.forEachCell(in: bytes, { _ in count += 1 })) != nil {
            check(count == bytes.readableBytes / Cell.size, "batch cell count")
        }
    }

    private static func cellMessage(_ cell: Cell) {
        guard let message = try? CellMessage(decoding: cell) else { return }
        check(message.command == cell.command, "message command")
        if case .padding = message { return }
        var payload = ByteBuffer()
        check((try? message.encodePayload(into: &payload)) != nil, "accepted message failed to encode")
        check(payload == cell.payload, "cell message did not re-encode to its payload")
        check((try? message.cell(circuitID: cell.circuitID)) == cell, "cell message did not rebuild its cell")
    }

    /// Relay messages and relay cell plaintexts (Docs/SPEC.md §5.2, §6). The first byte picks
    /// the relay command; the rest is the body. The whole input, zero-padded or cut to 1019
    /// bytes, is also tried as a relay cell plaintext.
    public static func relayMessage(_ input: UnsafeRawBufferPointer) {
        guard let first = input.first else { return }
        let body = ByteBuffer(bytes: input.dropFirst())
        if let command = RelayCommand(rawValue: first) {
            relayBody(command: command, body: body)
        }
        var plaintext = ByteBuffer(bytes: input.prefix(Cell.payloadSize))
        plaintext.writeRepeatingByte(0, count: Cell.payloadSize - plaintext.readableBytes)
        if let cell = try? RelayCell(decodingPlaintext: plaintext) {
            var encoded = ByteBuffer()
            cell.encode(into: &encoded)
            check(encoded == plaintext, "relay cell did not re-encode to its plaintext")
            check(RelayCellHeader.read(from: plaintext, at: plaintext.readerIndex)?.streamID == cell.streamID, "header")
            check(
                (try? RelayCell(streamID: cell.streamID, message: cell.message, digest: cell.digest)) == cell, "rebuild"
            )
        }
    }

    private static func relayBody(command: RelayCommand, body: ByteBuffer) {
        let decoded: RelayMessage
        do {
            decoded = try RelayMessage.decode(command: command, body: body)
        } catch {
            check(error is WireError, "relay decoder threw a non-WireError")
            return
        }
        check(decoded.command == command, "relay message command")
        var encoded = ByteBuffer()
        decoded.encode(into: &encoded)
        check(encoded == body, "relay message did not re-encode to its body")
        // A strict prefix is never a different valid message of the same command, unless the
        // format is "bytes to the end" (DATA, DROP, TOKEN, RESOLVE, RESOLVED, CONNECTED, END).
        let prefixSafe: Set<RelayCommand> = [.begin, .sendme, .extend, .extended, .truncated]
        if prefixSafe.contains(command), body.readableBytes > 0 {
            for length in 0..<body.readableBytes {
                let prefix = body.getSlice(at: body.readerIndex, length: length) ?? ByteBuffer()
                if command == .sendme, length == 0 { continue }  // the empty stream-level form
                check((try? RelayMessage.decode(command: command, body: prefix)) == nil, "a prefix decoded")
            }
        }
    }

    /// Link handshake payloads, extension lists and certificates (Docs/SPEC.md §2.3–§2.8).
    /// The first byte picks the structure.
    public static func linkPayload(_ input: UnsafeRawBufferPointer) {
        guard let first = input.first else { return }
        let body = ByteBuffer(bytes: input.dropFirst())
        switch first % 5 {
        case 0:
            if let payload = try? LinkResponderPayload(decoding: body) {
                var out = ByteBuffer()
                payload.encode(into: &out)
                check(out == body, "responder payload re-encode")
                check(payload.encodedLength == body.readableBytes, "responder payload length")
            }
        case 1:
            if let payload = try? LinkInitiatorPayload(decoding: body) {
                var out = ByteBuffer()
                payload.encode(into: &out)
                check(out == body, "initiator payload re-encode")
                check(payload.encodedLength == body.readableBytes, "initiator payload length")
            }
        case 2:
            if let list = try? ExtensionList(decoding: body) {
                var out = ByteBuffer()
                list.encode(into: &out)
                check(out == body, "extension list re-encode")
                check((try? ExtensionList(list.entries)) == list, "extension list rebuild")
                _ = try? list.relayProtocolVersions()
                _ = try? list.flags()
            }
        case 3:
            if let certificate = try? RelayLinkCertificate(decoding: body) {
                var out = ByteBuffer()
                certificate.encode(into: &out)
                check(out == body, "link certificate re-encode")
                check(certificate.signingInput.count == 1 + 23 + 40, "link certificate signing input")
            }
        default:
            if let certificate = try? DeviceCertificate(decoding: body) {
                var out = ByteBuffer()
                certificate.encode(into: &out)
                check(out == body, "device certificate re-encode")
            }
        }
    }

    /// Canonical records, signed envelopes and a sample schema (Docs/SPEC.md §7).
    public static func canonicalDocument(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        if let list = try? CanonicalFieldList(decoding: bytes) {
            check(list.encoded() == bytes, "field list re-encode")
            check((try? CanonicalFieldList(list.fields)) == list, "field list rebuild")
            if let envelope = try? SignedEnvelope(decoding: bytes), list.fields.map(\.tag) == [2, 4, 6, 8] {
                check((try? envelope.encoded()) == bytes, "envelope re-encode")
            }
        } else {
            check((try? SignedEnvelope(decoding: bytes)) == nil, "envelope accepted where the record is malformed")
        }
        if var decoder = try? CanonicalDecoder(bytes), let document = try? SampleDocument(canonical: &decoder),
            (try? decoder.finish()) != nil
        {
            let encoded = try? CanonicalEncoder.encode(document)
            check(encoded != nil, "sample document failed to re-encode")
            if let encoded {
                check(
                    (try? CanonicalDecoder.decode(SampleDocument.self, from: encoded)) == document, "sample idempotence"
                )
                if decoder.skippedUnknownFields == 0 { check(encoded == bytes, "sample document re-encode") }
            }
        }
        if let unverified = try? Unverified<SampleDocument>(decoding: bytes) {
            // A verifier that accepts everything still needs a policy key that signed.
            let accept = ClosureDocumentVerifier { _, _, _ in true }
            for entry in unverified.envelope.signatures.signatures {
                let verified = try? unverified.verify(policy: .single(entry.keyID), using: accept)
                check(verified?.signers == [entry.keyID], "single-signer verification")
            }
            let reject = ClosureDocumentVerifier { _, _, _ in false }
            if let key = unverified.envelope.signatures.signatures.first?.keyID {
                check(
                    (try? unverified.verify(policy: .single(key), using: reject)) == nil, "rejecting verifier accepted")
            }
        }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        precondition(condition, "fuzz property violated: \(message())")
    }
}
