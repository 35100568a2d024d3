// surety-bench: benchmarks that print rates with ratios against same-run references.
// Usage: surety-bench [all|crypto|wire|directory|governance] [--seconds S]
var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 0.5
if let index = arguments.firstIndex(of: "--seconds"), index + 1 < arguments.count,
    let value = Double(arguments[index + 1])
{
    seconds = value
    arguments.removeSubrange(index...(index + 1))
}
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
    case "all":
        try CryptoBenchmarks.run(seconds: seconds)
        try WireBenchmarks.run(seconds: seconds)
        try DirectoryBenchmarks.run()
        try await GovernanceBenchmarks.run(seconds: seconds)
    default:
        print("unknown suite \(suite); use: all, crypto, wire, directory, governance")
    }
} catch {
    print("surety-bench: \(error)")
}
