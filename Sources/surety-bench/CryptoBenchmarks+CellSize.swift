import Foundation
import SuretyCrypto

extension CryptoBenchmarks {
    /// Relay payload sizes of 512-, 1024- and 4096-byte cells (5-byte cell header: circuit id and
    /// command). 509 is Tor's payload; 1019 is Surety's (Docs/SPEC.md §5.2).
    static let cellPayloadSizes = [509, 1019, 4091]

    /// Per-cell onion work at three cell sizes, against AES-128-CTR's rate on 64 KiB (the cipher's
    /// peak). The ratio shows how much of that peak survives the per-call overhead of one cell; the
    /// note gives the cost per cell. The running digest is measured as the origin uses it (absorb,
    /// then read the tag) and as the recognizing hop does (tag on a scratch copy, then absorb).
    static func cellSizes(seconds: Double) throws {
        Bench.header("Cell sizes: per-cell onion work (AES-128-CTR continuing keystream, running digest)")
        let peakSize = 64 * 1024
        var peakBuffer = [UInt8](repeating: 0x5a, count: peakSize)
        let peakCipher = try AESCTR(key: .random(count: 16))
        let peak = try peakBuffer.withUnsafeMutableBytes { buf in
            try Bench.rate(
                "AES-128-CTR 65536 B continuing (reference)", unit: "B", unitsPerCall: Double(peakSize),
                seconds: seconds
            ) {
                try peakCipher.applyContinuing(to: buf)
            }
        }
        Bench.report(peak, against: peak)
        for size in cellPayloadSizes {
            var payload = [UInt8](repeating: 0x3c, count: size)
            let cipher = try AESCTR(key: .random(count: 16))
            let sealDigest = try RunningDigest(key: .random(count: 32))
            let recognizeDigest = try RunningDigest(key: .random(count: 32))
            let (aes, seal, recognize) = try payload.withUnsafeMutableBytes { buf in
                let aes = try Bench.rate(
                    "AES-128-CTR \(size) B payload", unit: "B", unitsPerCall: Double(size), seconds: seconds
                ) {
                    try cipher.applyContinuing(to: buf)
                }
                let bytes = UnsafeRawBufferPointer(buf)
                var sink: UInt64 = 0
                let seal = Bench.rate(
                    "digest seal \(size) B (absorb + tag)", unit: "B", unitsPerCall: Double(size), seconds: seconds
                ) {
                    sealDigest.absorb(bytes)
                    sink ^= sealDigest.currentTag()
                }
                let recognize = Bench.rate(
                    "digest recognize \(size) B (tag + absorb)", unit: "B", unitsPerCall: Double(size),
                    seconds: seconds
                ) {
                    sink ^= recognizeDigest.tag(afterAbsorbing: bytes)
                    recognizeDigest.absorb(bytes)
                }
                withExtendedLifetime(sink) {}
                return (aes, seal, recognize)
            }
            for measurement in [aes, seal, recognize] {
                Bench.report(measurement, against: peak, note: perCell(measurement, payload: size))
            }
        }
    }

    /// "N ns/cell" for a byte rate measured on one payload per call.
    private static func perCell(_ measurement: Measurement, payload: Int) -> String {
        let nanoseconds = 1e9 * Double(payload) / measurement.unitsPerSecond
        return String(format: "%.0f ns/cell", nanoseconds)
    }
}
