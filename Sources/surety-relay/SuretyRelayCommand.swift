import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SuretyCrypto
import SuretyRelay
import SuretyService

/// `surety-relay`: runs a Surety relay (guard, middle or exit) from a TOML configuration.
@main
struct SuretyRelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surety-relay", abstract: "Run a Surety relay.",
        subcommands: [Run.self, Keys.self], defaultSubcommand: Run.self)

    struct Options: ParsableArguments {
        @Option(name: .long, help: "Path to the relay's TOML configuration (see Docs/CONFIG.md).")
        var config: String
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the relay (default).")
        @OptionGroup var options: Options

        func run() async throws {
            let config: RelayDaemonConfig
            do {
                config = try ConfigFile.load(path: options.config) { (file) throws(ConfigError) in
                    try RelayDaemonConfig(reading: file)
                }
            } catch {
                FileHandle.standardError.write(Data("surety-relay: \(error)\n".utf8))
                throw ExitCode(2)
            }
            _ = LogSetup.bootstrap(config.common)
            let logger = Logger(label: "surety.relay")
            let directory = try DataDirectory(path: config.dataDirectory)
            let keys = try RelayKeys.loadOrCreate(in: directory)
            let registry = MetricsSetup.bootstrap()
            var services: [any Service] = []
            if config.common.metricsEnabled {
                let metrics = MetricsServer(
                    configuration: .init(address: config.common.metricsAddress), registry: registry, logger: logger)
                try await metrics.bind()
                services.append(metrics)
            }
            services.append(
                RelayDaemonService(
                    config: config, keys: keys, logger: logger, publishedRelayFile: directory.file("relay.json")))
            try await DaemonLifecycle.run(services: services, logger: logger)
        }
    }

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the relay's public keys (creating them if needed).")
        @OptionGroup var options: Options

        func run() async throws {
            let config = try ConfigFile.load(path: options.config) { (file) throws(ConfigError) in
                try RelayDaemonConfig(reading: file)
            }
            let keys = try RelayKeys.loadOrCreate(in: try DataDirectory(path: config.dataDirectory))
            print("identity  \(HexString.encode(keys.identity.publicKey.rawRepresentation))")
            print("link_key  \(HexString.encode(keys.link.publicKey.rawRepresentation))")
            print("onion_key \(HexString.encode(keys.onion.publicKey.rawRepresentation))")
        }
    }
}
