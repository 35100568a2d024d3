import NIOCore
import SuretyWire

/// `surety-bench wire`: cell and relay-message codec speed against a `memcpy` of the same bytes in
/// the same run (issue "Protocol spec and SuretyWire", "Speed": the codec must never be the
/// bottleneck, ≥ 5 M cells/s per core).
enum WireBenchmarks {
    static func run(seconds: Double) throws {
        Bench.header("Cell codec (1024-byte cells, batches of 63 as in one Noise message)")
        let batchCells = 63
        var batch = ByteBuffer()
        for index in 0..<batchCells {
            var payload = ByteBuffer(repeating: UInt8(truncatingIfNeeded: index), count: Cell.payloadSize)
            payload.moveWriterIndex(to: Cell.payloadSize)
            let cell = try Cell(circuitID: CircuitID(0x8000_0001 + UInt32(index)), command: .relay, payload: payload)
            cell.encode(into: &batch)
        }
        let bytes = Array(batch.readableBytesView)
        var target = [UInt8](repeating: 0, count: bytes.count)
        let memcpy = bytes.withUnsafeBytes { src in
            target.withUnsafeMutableBytes { dst in
                Bench.rate(
                    "memcpy of the batch (reference)", unit: "cells", unitsPerCall: Double(batchCells), seconds: seconds
                ) {
                    dst.copyMemory(from: src)
                }
            }
        }
        let decode = try Bench.rate(
            "decode (Cell.read) per cell", unit: "cells", unitsPerCall: Double(batchCells), seconds: seconds
        ) {
            var input = batch
            while let cell = try Cell.read(from: &input) { _ = cell.circuitID }
        }
        var out = ByteBuffer()
        out.reserveCapacity(bytes.count)
        var cells: [Cell] = []
        var input = batch
        while let cell = try Cell.read(from: &input) { cells.append(cell) }
        let encode = Bench.rate(
            "encode (Cell.encode) per cell", unit: "cells", unitsPerCall: Double(batchCells), seconds: seconds
        ) {
            out.clear()
            for cell in cells { cell.encode(into: &out) }
        }
        let roundTrip = try Bench.rate(
            "decode + encode per cell", unit: "cells", unitsPerCall: Double(batchCells), seconds: seconds
        ) {
            var input = batch
            out.clear()
            while let cell = try Cell.read(from: &input) { cell.encode(into: &out) }
        }
        Bench.report(memcpy, against: memcpy)
        Bench.report(decode, against: memcpy)
        Bench.report(encode, against: memcpy)
        Bench.report(roundTrip, against: memcpy, note: "target ≥ 5 M cells/s per core")

        Bench.header("Relay messages (plaintext relay cell: header + body)")
        let message = RelayMessage.end(try RelayMessage.End(reason: .done))
        let relayCell = try RelayCell(streamID: StreamID(7), message: message)
        var plaintext = ByteBuffer()
        relayCell.encode(into: &plaintext)
        let relayBytes = Array(plaintext.readableBytesView)
        var relayTarget = [UInt8](repeating: 0, count: relayBytes.count)
        let relayMemcpy = relayBytes.withUnsafeBytes { src in
            relayTarget.withUnsafeMutableBytes { dst in
                Bench.rate("memcpy of one relay payload (reference)", unit: "msgs", unitsPerCall: 1, seconds: seconds) {
                    dst.copyMemory(from: src)
                }
            }
        }
        let parse = try Bench.rate("RelayCell decode (END)", unit: "msgs", unitsPerCall: 1, seconds: seconds) {
            _ = try RelayCell(decodingPlaintext: plaintext)
        }
        let begin = RelayMessage.begin(try RelayMessage.Begin(host: "www.example.com", port: 443))
        var beginPlain = ByteBuffer()
        try RelayCell(streamID: StreamID(9), message: begin).encode(into: &beginPlain)
        let parseBegin = try Bench.rate(
            "RelayCell decode (BEGIN host:port)", unit: "msgs", unitsPerCall: 1, seconds: seconds
        ) {
            _ = try RelayCell(decodingPlaintext: beginPlain)
        }
        Bench.report(relayMemcpy, against: relayMemcpy)
        Bench.report(parse, against: relayMemcpy)
        Bench.report(parseBegin, against: relayMemcpy)
    }
}
