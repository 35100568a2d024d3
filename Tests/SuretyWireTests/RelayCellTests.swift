import NIOCore
import SuretyWire
import Testing

@Suite("Relay cells (SPEC §5.2, §6.1)")
struct RelayCellTests {
    @Test func headerLayout() throws {
        let cell = try RelayCell(
            streamID: StreamID(0x0102),
            message: .data(try .init(ByteBuffer(bytes: [0xDE, 0xAD]))),
            digest: 0x1122_3344_5566_7788
        )
        var payload = ByteBuffer()
        cell.encode(into: &payload)
        #expect(payload.readableBytes == Cell.payloadSize)
        let expected = hexBuffer("0000 1122334455667788 0102 02 0002 dead").array
        #expect(payload.array == expected + zeros(Cell.payloadSize - expected.count))
        #expect(try RelayCell(decodingPlaintext: payload) == cell)
    }

    @Test func headerViewReadsAndWritesInPlace() throws {
        var batch = ByteBuffer(bytes: zeros(Cell.headerSize))
        let payloadStart = batch.writerIndex
        try RelayCell(streamID: .circuit, message: .sendme(.circuit(acknowledging: 42))).encode(into: &batch)
        #expect(RelayCellHeader.isRecognizedFieldZero(in: batch, payloadAt: payloadStart))
        #expect(RelayCellHeader.digest(in: batch, payloadAt: payloadStart) == 0)
        RelayCellHeader.setDigest(0xABCD, in: &batch, payloadAt: payloadStart)
        let header = try #require(RelayCellHeader.read(from: batch, at: payloadStart))
        #expect(header.digest == 0xABCD)
        #expect(header.command == .sendme)
        #expect(header.length == 11)
        var changed = header
        changed.streamID = StreamID(9)
        changed.rawCommand = RelayCommand.end.rawValue
        changed.write(to: &batch, at: payloadStart)
        #expect(RelayCellHeader.read(from: batch, at: payloadStart) == changed)
        #expect(RelayCellHeader.read(from: batch, at: batch.writerIndex - 14) == nil)
        var shifted = batch
        shifted.moveReaderIndex(forwardBy: 2)
        #expect(RelayCellHeader.read(from: shifted, at: payloadStart) == changed)
        #expect(RelayCellHeader.read(from: shifted, at: 1) == nil)
    }

    @Test func rejectsBadHeaders() throws {
        func plaintext(_ header: String, body: [UInt8] = []) -> ByteBuffer {
            var buffer = hexBuffer(header)
            buffer.writeBytes(body)
            buffer.writeBytes(zeros(Cell.payloadSize - buffer.readableBytes))
            return buffer
        }
        func code(_ buffer: ByteBuffer) -> WireError.Code? {
            do {
                _ = try RelayCell(decodingPlaintext: buffer)
                return nil
            } catch {
                return (error as? WireError)?.code
            }
        }
        #expect(code(plaintext("0001 0000000000000000 0001 02 0001", body: [1])) == .invalidField)  // recognized
        #expect(code(plaintext("0000 0000000000000000 0001 02 03ed")) == .invalidLength)  // 1005
        #expect(code(plaintext("0000 0000000000000000 0001 0f 0000")) == .unknownCommand)
        #expect(code(plaintext("0000 0000000000000000 0000 02 0001", body: [1])) == .invalidStreamID)
        #expect(code(plaintext("0000 0000000000000000 0001 06 0000")) == .invalidStreamID)
        #expect(code(plaintext("0000 0000000000000000 0000 05 0000")) == .invalidStreamID)  // empty SENDME on 0
        #expect(code(plaintext("0000 0000000000000000 0001 02 0001", body: [1, 7])) == .nonZeroPadding)
        #expect(code(plaintext("0000 0000000000000000 0001 02 0000")) == .invalidLength)  // empty DATA
        #expect(code(plaintext("0000 0000000000000000 0001 02 0001", body: [1])) == nil)
        #expect(throws: WireError.self) { try RelayCell(decodingPlaintext: ByteBuffer(bytes: zeros(100))) }
    }

    @Test func fullDataCellFillsThePayload() throws {
        let data = ByteBuffer(bytes: (0..<RelayCell.maxDataLength).map { UInt8(truncatingIfNeeded: $0) })
        let cell = try RelayCell(streamID: StreamID(1), message: .data(try .init(data)))
        var payload = ByteBuffer()
        cell.encode(into: &payload)
        #expect(payload.readableBytes == Cell.payloadSize)
        #expect(try RelayCell(decodingPlaintext: payload) == cell)
        #expect(throws: WireError.self) {
            try RelayMessage.Data(ByteBuffer(bytes: zeros(RelayCell.maxDataLength + 1)))
        }
    }

    @Test(arguments: RelayCommand.allCases)
    func streamUsageMatchesSpecTable(command: RelayCommand) {
        let stream: Set<RelayCommand> = [.begin, .data, .end, .connected, .resolve, .resolved, .beginDir]
        let circuit: Set<RelayCommand> = [.extend, .extended, .truncate, .truncated, .drop, .token]
        let expected: RelayCommand.StreamUsage =
            stream.contains(command) ? .stream : circuit.contains(command) ? .circuit : .either
        #expect(command.streamUsage == expected)
    }

    @Test func writeDataSplitsAStreamIntoCells() throws {
        var source = ByteBuffer(bytes: (0..<2500).map { UInt8(truncatingIfNeeded: $0) })
        let original = source
        var reassembled = ByteBuffer()
        var sizes: [Int] = []
        while source.readableBytes > 0 {
            var payload = ByteBuffer()
            sizes.append(try RelayCell.writeData(streamID: StreamID(3), from: &source, into: &payload))
            #expect(payload.readableBytes == Cell.payloadSize)
            let cell = try RelayCell(decodingPlaintext: payload)
            guard case .data(let data) = cell.message else {
                Issue.record("not DATA")
                return
            }
            #expect(cell.streamID == StreamID(3))
            reassembled.writeImmutableBuffer(data.bytes)
        }
        #expect(sizes == [1004, 1004, 492])
        #expect(reassembled == original)
        var out = ByteBuffer()
        #expect(throws: WireError.self) { try RelayCell.writeData(streamID: StreamID(3), from: &source, into: &out) }
        var more = ByteBuffer(bytes: [1])
        #expect(throws: WireError.self) { try RelayCell.writeData(streamID: .circuit, from: &more, into: &out) }
    }
}
