import NIOCore
import NIOEmbedded
import NIOTestUtils
import SuretyWire
import Testing

@Suite("Stream codecs (SPEC §2.2, §2.9)")
struct CodecTests {
    private func cells(_ count: Int) throws -> [Cell] {
        var result: [Cell] = []
        for index in 0..<count {
            let command: CellCommand = index % 2 == 0 ? .relay : .destroy
            let payload = ByteBuffer(bytes: [UInt8](repeating: UInt8(index), count: Cell.payloadSize))
            result.append(try Cell(circuitID: CircuitID(UInt32(index + 1)), command: command, payload: payload))
        }
        return result
    }

    @Test func cellDecoderSatisfiesTheVerifier() throws {
        let cells = try cells(4)
        var all = ByteBuffer()
        for cell in cells { cell.encode(into: &all) }
        var one = ByteBuffer()
        cells[0].encode(into: &one)
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(all, cells), (one, [cells[0]])],
            decoderFactory: { CellDecoder() }
        )
    }

    @Test func cellDecoderClosesOnUnknownCommand() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(CellDecoder()))
        var bytes = ByteBuffer(bytes: [0, 0, 0, 1, 0x42] + zeros(Cell.payloadSize))
        #expect(throws: WireError.self) { try channel.writeInbound(bytes) }
        bytes.clear()
        _ = try? channel.finish()
    }

    @Test func cellEncoderWritesWholeCells() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(CellEncoder()))
        let cells = try cells(2)
        for cell in cells { try channel.writeOutbound(cell) }
        var written = ByteBuffer()
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { written.writeImmutableBuffer(buffer) }
        #expect(written.readableBytes == 2 * Cell.size)
        #expect(try Cell.read(from: &written) == cells[0])
        #expect(try Cell.read(from: &written) == cells[1])
        _ = try channel.finish()
    }

    @Test func linkFrameDecoderSatisfiesTheVerifier() throws {
        // The verifier feeds byte by byte too, so keep frames small; the 65535 limit is tested below.
        let messages = [ByteBuffer(bytes: [1]), ByteBuffer(bytes: zeros(300)), ByteBuffer(bytes: zeros(1500))]
        var framed = ByteBuffer()
        for message in messages { try LinkFrameEncoder.writeFrame(message, to: &framed) }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(framed, messages)],
            decoderFactory: { LinkFrameDecoder() }
        )
    }

    @Test func linkFramesRejectEmptyAndOversize() throws {
        var zero = ByteBuffer(bytes: [0, 0, 1])
        #expect(throws: WireError.self) { _ = try LinkFrameDecoder.readFrame(from: &zero) }
        var out = ByteBuffer()
        #expect(throws: WireError.self) { try LinkFrameEncoder.writeFrame(ByteBuffer(), to: &out) }
        #expect(throws: WireError.self) { try LinkFrameEncoder.writeFrame(ByteBuffer(bytes: zeros(65536)), to: &out) }
        var largest = ByteBuffer()
        try LinkFrameEncoder.writeFrame(ByteBuffer(bytes: zeros(65535)), to: &largest)
        #expect(try LinkFrameDecoder.readFrame(from: &largest)?.readableBytes == 65535)
        var partial = ByteBuffer(bytes: [0, 3, 1, 2])
        #expect(try LinkFrameDecoder.readFrame(from: &partial) == nil)
        #expect(partial.readableBytes == 4)
    }

    @Test func encodingACellDoesNotAllocateWhenCapacityExists() throws {
        // Allocation-freedom of the hot path, observed through storage identity: encoding into
        // a buffer with capacity keeps the same storage, and decoding slices share it.
        let cell = try cells(1)[0]
        var out = ByteBufferAllocator().buffer(capacity: 8 * Cell.size)
        let before = out.withVeryUnsafeBytes { Int(bitPattern: $0.baseAddress) }
        for _ in 0..<8 { cell.encode(into: &out) }
        #expect(out.withVeryUnsafeBytes { Int(bitPattern: $0.baseAddress) } == before)
        let decoded = try #require(try Cell.read(from: &out))
        #expect(decoded == cell)
    }
}
