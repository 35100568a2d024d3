import Foundation

/// Runs the real curl binary (installed by `make setup`) and returns its exit status and output.
public enum Curl {
    public struct Result: Sendable {
        public var status: Int32
        public var body: [UInt8]
        public var stderr: String
    }

    public static func run(_ arguments: [String], timeout: Int = 60) throws -> Result {
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
    public static func viaSOCKS(port: Int, url: String, user: String? = nil, timeout: Int = 60) throws -> Result {
        var arguments = ["--socks5-hostname", "127.0.0.1:\(port)"]
        if let user { arguments += ["--proxy-user", "\(user):x"] }
        return try run(arguments + [url], timeout: timeout)
    }
}
