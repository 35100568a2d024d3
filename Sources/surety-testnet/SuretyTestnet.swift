import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import SuretyService
import SuretyTestSupport

/// `surety-testnet`: starts, inspects and stops a whole Surety network on this machine, each daemon
/// a separate process on loopback ports (Docs/TESTNET.md).
@main
struct SuretyTestnet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surety-testnet", abstract: "Run a local Surety network on loopback.",
        subcommands: [Start.self, Status.self, Stop.self, Clean.self, Site.self])

    struct Common: ParsableArguments {
        @Option(help: "State directory holding configs, data directories, logs and PIDs.")
        var stateDir = ".state/testnet"
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate configs and start every daemon.")
        @OptionGroup var common: Common
        @Option(help: "Topology TOML file.") var topology = "Network/topologies/default.toml"
        @Option(help: "Directory with the surety-* binaries.") var bin = ".build/release"
        @Option(help: "Seconds to wait for the network to carry a request.") var timeout = 60

        func run() async throws {
            let topology = try Topology.load(path: topology)
            let net = try Testnet(stateDir: common.stateDir, bin: bin)
            try await net.start(topology: topology, timeout: timeout)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show processes, ports and health.")
        @OptionGroup var common: Common

        func run() async throws {
            try Testnet(stateDir: common.stateDir, bin: "").printStatus()
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop exactly the processes this testnet started.")
        @OptionGroup var common: Common

        func run() async throws {
            try Testnet(stateDir: common.stateDir, bin: "").stop()
        }
    }

    struct Clean: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the testnet and delete its state directory.")
        @OptionGroup var common: Common

        func run() async throws {
            let net = try Testnet(stateDir: common.stateDir, bin: "")
            try net.stop()
            try? FileManager.default.removeItem(atPath: common.stateDir)
            print("removed \(common.stateDir)")
        }
    }

    struct Site: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the local demo site (GET / and GET /bytes/N) until SIGTERM.")
        @Option var host = "127.0.0.1"
        @Option var port: Int

        func run() async throws {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let server = try await TestHTTPServer.start(group: group, host: host, port: port)
            print("site listening on \(host):\(server.port)")
            try await server.channel.closeFuture.get()
        }
    }
}
