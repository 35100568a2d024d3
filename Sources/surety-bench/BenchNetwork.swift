import Foundation
import Logging
import NIOCore
import NIOPosix
import SuretyClient
import SuretyTestSupport

/// The network the circuit benchmarks run on: relays as separate `surety-relay` processes on
/// loopback (so their CPU time and memory can be read from /proc), and in this process the client
/// (circuit manager and SOCKS5 port, on its own event-loop thread) and the local HTTP site (on
/// another). Every process started here is stopped by `stop()`, by its PID.
final class BenchNetwork {
    struct RelayProcess {
        var name: String
        var process: Process
        var info: RelayInfo
        var pid: Int32 { process.processIdentifier }
    }

    let stateDirectory: String
    let binDirectory: String
    private(set) var relays: [RelayProcess] = []
    let clientGroup: MultiThreadedEventLoopGroup
    let siteGroup: MultiThreadedEventLoopGroup
    private(set) var site: TestHTTPServer?
    private(set) var client: ClientService?
    /// The client's event-loop thread (/proc/self/task/TID/stat) for its CPU time.
    private(set) var clientThreadStat: String?

    var relayPIDs: [Int32] { relays.map(\.pid) }

    private init(stateDirectory: String, binDirectory: String) {
        self.stateDirectory = stateDirectory
        self.binDirectory = binDirectory
        clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        siteGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Starts `relayCount` relay processes (the last `exitCount` are exits allowing 127.0.0.0/8),
    /// the site and a client with no pre-emptive circuits (so a new isolation key builds on demand).
    static func start(binDirectory: String, relayCount: Int, exitCount: Int) async throws -> BenchNetwork {
        let state = NSTemporaryDirectory() + "surety-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let network = BenchNetwork(stateDirectory: state, binDirectory: binDirectory)
        do {
            for index in 1...relayCount {
                network.relays.append(
                    try await network.spawnRelay(name: "relay\(index)", isExit: index > relayCount - exitCount))
            }
            network.site = try await TestHTTPServer.start(group: network.siteGroup)
            var logger = Logger(label: "surety.bench")
            logger.logLevel = .warning
            let configuration = ClientConfiguration(
                proxyHost: "127.0.0.1", proxyPort: 0,
                directory: StaticRelayDirectory(relays: network.relays.map(\.info)),
                pathSelector: PathSelector(enforceDistinctSubnets: false), preemptiveCircuits: 0)
            let loop = network.clientGroup.next()
            network.client = try await ClientService.start(
                configuration: configuration, eventLoop: loop, logger: logger)
            network.clientThreadStat = try await loop.submit { ProcessStats.currentThreadStatPath() }.get()
        } catch {
            await network.stop()
            throw error
        }
        return network
    }

    /// Starts one `surety-relay` process with the benchmark limits and waits (≤ 30 s) for its
    /// published relay.json. The caller owns it (`stopRelay`), unless it is one of `relays`.
    func spawnRelay(name: String, isExit: Bool) async throws -> RelayProcess {
        let directory = stateDirectory + "/" + name
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        // The benchmark config raises the CREATE rate limit (default 50/s, burst 200 per link):
        // circuit-build and idle-circuit runs create thousands of circuits in seconds.
        let config = """
            nickname = "\(name)"
            data_dir = "\(directory)/data"

            [link]
            listen = "127.0.0.1:0"

            [exit]
            enabled = \(isExit)
            policy = ["accept 127.0.0.0/8:*", "reject *:*"]

            [limits]
            creates_per_second = 100000
            create_burst = 1000000

            [metrics]
            enabled = false

            [log]
            level = "warning"

            """
        try config.write(toFile: directory + "/relay.toml", atomically: true, encoding: .utf8)
        let binary = binDirectory + "/surety-relay"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw LoopbackSocket.Failure("\(binary) not found: swift build -c release --product surety-relay")
        }
        let logPath = directory + "/relay.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--config", directory + "/relay.toml"]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let published = directory + "/data/relay.json"
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: published) {
            guard process.isRunning, Date() < deadline else {
                Self.terminate(process)
                throw LoopbackSocket.Failure("relay \(name) did not start; see \(logPath)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // RelayListFile reads a JSON array of published entries.
        let entry = try String(contentsOfFile: published, encoding: .utf8)
        let list = directory + "/list.json"
        try ("[" + entry + "]").write(toFile: list, atomically: true, encoding: .utf8)
        guard let info = try RelayListFile.load(path: list).first else {
            Self.terminate(process)
            throw LoopbackSocket.Failure("relay \(name) published no entry")
        }
        return RelayProcess(name: name, process: process, info: info)
    }

    func stopRelay(_ relay: RelayProcess) { Self.terminate(relay.process) }

    /// SIGTERM to exactly this child, then SIGKILL if it is still running after 10 s.
    static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func stop() async {
        await client?.stop()
        await site?.stop()
        for relay in relays { stopRelay(relay) }
        try? await clientGroup.shutdownGracefully()
        try? await siteGroup.shutdownGracefully()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}
