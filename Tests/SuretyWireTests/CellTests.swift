import NIOCore
import SuretyWire
import Testing

@Suite("Cells (SPEC §3)")
struct CellTests {
    @Test func constantsMatchSpec() {
        #expect(Cell.size == 1024)
        #expect(Cell.payloadSize == 1019)
        #expect(RelayCell.maxDataLength == 1004)
        #expect(RelayCellHeader.size == 15)
        #expect(CellBatch.maxPlaintextLength + WireLimits.noiseTagSize <= WireLimits.maxNoiseMessage)
    }

    @Test func encodesHeaderThenPayload() throws {
        let payload = ByteBuffer(bytes: (0..<Cell.payloadSize).map { UInt8(truncatingIfNeeded: $0) })
        let cell = try Cell(circuitID: CircuitID(0x8000_0001), command: .relay, payload: payload)
        var out = ByteBuffer()
        cell.encode(into: &out)
        #expect(out.readableBytes == Cell.size)
        #expect(Array(out.array.prefix(5)) == [0x80, 0x00, 0x00, 0x01, 0x03])
        #expect(Array(out.array.dropFirst(5)) == payload.array)
        #expect(try Cell(decoding: out) == cell)
    }

    @Test func decodingRequiresExactlyOneCell() {
        var bytes = ByteBuffer(bytes: zeros(Cell.size))
        #expect(throws: WireError.self) { try Cell(decoding: bytes.getSlice(at: 0, length: Cell.size - 1)!) }
        bytes.writeInteger(UInt8(0))
        #expect(throws: WireError.self) { try Cell(decoding: bytes) }
    }

    @Test func unknownCommandIsRejectedWithoutConsuming() {
        var bytes = ByteBuffer(bytes: [0, 0, 0, 1, 8] + zeros(Cell.payloadSize))
        let before = bytes
        #expect {
            _ = try Cell.read(from: &bytes)
        } throws: { ($0 as? WireError)?.code == .unknownCommand }
        #expect(bytes == before)
    }

    @Test(arguments: CellCommand.allCases)
    func circuitIDClassIsEnforced(command: CellCommand) throws {
        let wrong: CircuitID = command.isLinkLevel ? CircuitID(5) : .link
        let right: CircuitID = command.isLinkLevel ? .link : CircuitID(5)
        let payload = ByteBuffer(bytes: zeros(Cell.payloadSize))
        #expect {
            _ = try Cell(circuitID: wrong, command: command, payload: payload)
        } throws: { ($0 as? WireError)?.code == .invalidCircuitID }
        var bytes = ByteBuffer(bytes: [0, 0, 0, UInt8(wrong.rawValue), command.rawValue] + zeros(Cell.payloadSize))
        #expect(throws: WireError.self) { _ = try Cell.read(from: &bytes) }
        _ = try Cell(circuitID: right, command: command, payload: payload)
    }

    @Test func readReturnsNilUntilAWholeCellArrives() throws {
        var bytes = ByteBuffer(bytes: [0, 0, 0, 0, 0] + zeros(Cell.payloadSize - 1))
        #expect(try Cell.read(from: &bytes) == nil)
        #expect(bytes.readableBytes == Cell.size - 1)
        bytes.writeInteger(UInt8(0))
        #expect(try Cell.read(from: &bytes)?.command == .padding)
        #expect(bytes.readableBytes == 0)
    }

    @Test func builderZeroPadsAndRejectsOversizeBodies() throws {
        let cell = try Cell(circuitID: CircuitID(7), command: .destroy) { $0.writeInteger(UInt8(3)) }
        #expect(cell.payload.array == [3] + zeros(Cell.payloadSize - 1))
        #expect {
            _ = try Cell(circuitID: CircuitID(7), command: .destroy) { $0.writeBytes(zeros(Cell.payloadSize + 1)) }
        } throws: { ($0 as? WireError)?.code == .invalidArgument }
    }

    @Test func payloadCanBeMutatedInPlaceWithoutChangingSize() throws {
        var cell = try Cell(
            circuitID: CircuitID(9), command: .relay, payload: ByteBuffer(bytes: zeros(Cell.payloadSize)))
        cell.withUnsafeMutablePayloadBytes { bytes in
            for index in bytes.indices { bytes[index] ^= 0xFF }
        }
        #expect(cell.payload.readableBytes == Cell.payloadSize)
        #expect(cell.payload.array.allSatisfy { $0 == 0xFF })
    }

    @Test func headerCanBeRewrittenInsideABatch() throws {
        var batch = ByteBuffer()
        for id in [UInt32(1), 2, 3] {
            try Cell(circuitID: CircuitID(id), command: .relay, payload: ByteBuffer(bytes: zeros(Cell.payloadSize)))
                .encode(into: &batch)
        }
        let second = batch.readerIndex + Cell.size
        #expect(try CellHeader.peek(in: batch, at: second) == CellHeader(circuitID: CircuitID(2), command: .relay))
        CellHeader(circuitID: CircuitID(0x8000_0042), command: .relayEarly).write(to: &batch, at: second)
        var cells: [Cell] = []
        try CellBatch.forEachCell(in: batch) { cells.append($0) }
        #expect(cells.map(\.circuitID.rawValue) == [1, 0x8000_0042, 3])
        #expect(cells.map(\.command) == [.relay, .relayEarly, .relay])
        #expect(try CellHeader.peek(in: batch, at: batch.writerIndex - 4) == nil)
        var shifted = batch
        shifted.moveReaderIndex(forwardBy: 3)
        #expect(try CellHeader.peek(in: shifted, at: second)?.circuitID == CircuitID(0x8000_0042))
        #expect(try CellHeader.peek(in: shifted, at: 0) == nil)
    }

    @Test func circuitIDHalves() {
        #expect(CircuitID(0x8000_0000).isAllocatedByInitiator)
        #expect(!CircuitID(0x7FFF_FFFF).isAllocatedByInitiator)
        #expect(CircuitID(0x8000_0000).isAllocatable(byLinkInitiator: true))
        #expect(!CircuitID(0x8000_0000).isAllocatable(byLinkInitiator: false))
        #expect(!CircuitID.link.isAllocatable(byLinkInitiator: false))
        #expect(CircuitID.allocate(random: 0x1234, linkInitiator: true) == CircuitID(0x8000_1234))
        #expect(CircuitID.allocate(random: 0x8000_1234, linkInitiator: false) == CircuitID(0x1234))
        #expect(CircuitID.allocate(random: 0x8000_0000, linkInitiator: false) == nil)
        #expect(CircuitID.allocate(random: 0, linkInitiator: true) == CircuitID(0x8000_0000))
    }

    @Test func batchLengthRule() {
        for good in [1, 2, 63] {
            #expect(throws: Never.self) { try CellBatch.validatePlaintextLength(good * Cell.size) }
        }
        for bad in [0, 1, Cell.size - 1, Cell.size + 1, 64 * Cell.size] {
            #expect(throws: WireError.self) { try CellBatch.validatePlaintextLength(bad) }
        }
    }
}
