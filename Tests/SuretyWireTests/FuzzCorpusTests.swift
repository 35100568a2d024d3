import Foundation
import SuretyFuzzHarness
import Testing

/// Replays the checked-in seed corpus (and any crash reproducers saved next to it) through the
/// fuzz harness, so a regression fails `swift test` even without a fuzzer build. Set
/// `SURETY_WRITE_CORPUS=1` to regenerate Fuzz/corpus from `SeedCorpus`.
@Suite("Fuzz seed corpus")
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    static let targets: [(name: String, run: @Sendable (UnsafeRawBufferPointer) -> Void)] = [
        ("FuzzCell", FuzzHarness.cell),
        ("FuzzRelayMessage", FuzzHarness.relayMessage),
        ("FuzzLinkPayload", FuzzHarness.linkPayload),
        ("FuzzCanonicalDocument", FuzzHarness.canonicalDocument),
    ]

    @Test func seedsAreGeneratedForEveryTarget() throws {
        let seeds = try SeedCorpus.all()
        for target in Self.targets {
            #expect(seeds.contains { $0.target == target.name }, "no seeds for \(target.name)")
        }
        if ProcessInfo.processInfo.environment["SURETY_WRITE_CORPUS"] == "1" {
            for seed in seeds {
                let directory = Self.root.appendingPathComponent(seed.target)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Foundation.Data(seed.bytes).write(to: directory.appendingPathComponent(seed.name))
            }
        }
        for seed in seeds {
            let run = try #require(Self.targets.first { $0.name == seed.target }?.run)
            seed.bytes.withUnsafeBytes(run)
        }
    }

    @Test func checkedInCorpusReplaysCleanly() throws {
        for target in Self.targets {
            let directory = Self.root.appendingPathComponent(target.name)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(!files.isEmpty, "empty corpus for \(target.name)")
            for file in files {
                let bytes = [UInt8](try Foundation.Data(contentsOf: directory.appendingPathComponent(file)))
                bytes.withUnsafeBytes(target.run)
            }
        }
    }
}
