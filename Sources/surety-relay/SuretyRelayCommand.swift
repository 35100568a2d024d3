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
        subcommands: [Run.self, Keys.self, Check.self], defaultSubcommand: Run.self)

    struct Options: ParsableArguments {
        @Option(name: .long, help: "Path to the relay's TOML configuration (see Docs/CONFIG.md).")
        var config: String
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the relay (default).")
        @OptionGroup var options: Options

        func run() async throws {
            let file: ConfigFile
            let config: RelayDaemonConfig
            do {
                file = try ConfigFile(path: options.config)
                config = try RelayDaemonConfig(reading: file)
                try file.rejectUnknownKeys()
            } catch {
                FileHandle.standardError.write(Data("surety-relay: \(error)\n".utf8))
                throw ExitCode(2)
            }
            _ = LogSetup.bootstrap(config.common)
            let logger = Logger(label: "surety.relay")
            // A SURETY_ variable that matches no key is usually a misspelt override (Docs/CONFIG.md).
            for variable in file.unusedEnvironmentVariables {
                logger.warning("environment variable \(variable) matches no configuration key; ignored")
            }
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
            // SIGHUP re-reads the file and applies what is safe without a restart (Docs/CONFIG.md
            // "Reloading"): log level and safe logging. Without a handler SIGHUP would end the process.
            let path = options.config
            try await DaemonLifecycle.run(services: services, logger: logger) {
                let fresh = try ConfigFile.load(path: path) { (file) throws(ConfigError) in
                    try RelayDaemonConfig(reading: file)
                }
                LogSetup.apply(fresh.common)
            }
            withExtendedLifetime(directory) {}
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

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration file and exit: 0 if valid, 2 with the file, key and reason if not.")
        @OptionGroup var options: Options

        func run() async throws {
            let file: ConfigFile
            do {
                file = try ConfigFile(path: options.config)
                _ = try RelayDaemonConfig(reading: file)
                try file.rejectUnknownKeys()
            } catch {
                FileHandle.standardError.write(Data("surety-relay: \(error)\n".utf8))
                throw ExitCode(2)
            }
            for variable in file.unusedEnvironmentVariables {
                FileHandle.standardError.write(
                    Data("surety-relay: warning: environment variable \(variable) matches no configuration key\n".utf8))
            }
            print("\(options.config): ok")
        }
    }
}
