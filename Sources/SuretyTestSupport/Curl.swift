import Foundation

/// Runs the real curl binary (installed by `make setup`) and returns its exit status and output.
public enum Curl {
    public struct Result: Sendable {
        public var status: Int32
        public var body: [UInt8]
        public var stderr: String
    }

    /// Runs curl on a background thread, so awaiting it never blocks Swift's cooperative thread
    /// pool (2 threads on a 2-core machine: blocking it would stall every other async test).
    public static func run(_ arguments: [String], timeout: Int = 60) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, timeout: timeout) })
            }
        }
    }

    /// Runs curl on the calling thread (command-line tools; never from async tests).
    public static func runBlocking(_ arguments: [String], timeout: Int = 60) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--silent", "--show-error", "--max-time", "\(timeout)"] + arguments
        let out = Pipe()
        // stderr goes to a file so only one pipe needs draining (a large body cannot block curl).
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorPath.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorPath)
        defer { try? FileManager.default.removeItem(at: errorPath) }
        process.standardOutput = out
        process.standardError = errorHandle
        try process.run()
        let body = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorHandle.close()
        let errorText = (try? Data(contentsOf: errorPath)) ?? Data()
        return Result(
            status: process.terminationStatus, body: [UInt8](body),
            stderr: String(decoding: errorText, as: UTF8.self))
    }

    /// GET `url` through a SOCKS5 proxy with remote DNS (`--socks5-hostname`).
    public static func viaSOCKS(port: Int, url: String, user: String? = nil, timeout: Int = 60) async throws -> Result {
        try await run(socksArguments(port: port, url: url, user: user), timeout: timeout)
    }

    public static func viaSOCKSBlocking(port: Int, url: String, user: String? = nil, timeout: Int = 60) throws -> Result
    {
        try runBlocking(socksArguments(port: port, url: url, user: user), timeout: timeout)
    }

    static func socksArguments(port: Int, url: String, user: String?) -> [String] {
        var arguments = ["--socks5-hostname", "127.0.0.1:\(port)"]
        if let user { arguments += ["--proxy-user", "\(user):x"] }
        return arguments + [url]
    }
}
