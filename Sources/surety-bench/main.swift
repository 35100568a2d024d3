// surety-bench: benchmarks that print rates with ratios against same-run references.
// Usage: surety-bench [all|crypto|wire|directory|governance|circuits] [--seconds S] [--bin DIR] [--json FILE]
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 0.5
if let index = arguments.firstIndex(of: "--seconds"), index + 1 < arguments.count,
    let value = Double(arguments[index + 1])
{
    seconds = value
    arguments.removeSubrange(index...(index + 1))
}
/// Removes `--name VALUE` from the arguments and returns VALUE.
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    let value = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
    return value
}
// The relay binary for `circuits`: next to this executable unless --bin says otherwise.
let executablePath =
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
let executableDirectory = URL(fileURLWithPath: executablePath).deletingLastPathComponent().path
var circuitOptions = CircuitBenchmarks.Options(binDirectory: option("--bin") ?? executableDirectory)
circuitOptions.jsonPath = option("--json")
let suite = arguments.first ?? "all"
print("surety-bench \(suite) (each figure ~\(seconds) s, after warm-up)")
do {
    switch suite {
    case "crypto":
        try CryptoBenchmarks.run(seconds: seconds)
    case "wire":
        try WireBenchmarks.run(seconds: seconds)
    case "directory":
        try DirectoryBenchmarks.run()
    case "governance":
        try await GovernanceBenchmarks.run(seconds: seconds)
    case "circuits":
        try await CircuitBenchmarks.run(options: circuitOptions)
    case "all":
        try CryptoBenchmarks.run(seconds: seconds)
        try WireBenchmarks.run(seconds: seconds)
        try DirectoryBenchmarks.run()
        try await GovernanceBenchmarks.run(seconds: seconds)
        try await CircuitBenchmarks.run(options: circuitOptions)
    default:
        print("unknown suite \(suite); use: all, crypto, wire, directory, governance, circuits")
    }
} catch {
    print("surety-bench: \(error)")
}
