import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SuretyClient
import SuretyCrypto
import SuretyService

/// `surety-client`: the member's local SOCKS5 / HTTP CONNECT proxy into the Surety network.
@main
struct SuretyClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surety-client", abstract: "Run the Surety client (local SOCKS5 / HTTP CONNECT proxy).",
        subcommands: [Run.self, Identity.self, Check.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the client (default).")
        @Option(name: .long, help: "Path to the client's TOML configuration (see Docs/CONFIG.md).")
        var config: String

        func run() async throws {
            let file: ConfigFile
            let config: ClientDaemonConfig
            do {
                file = try ConfigFile(path: self.config)
                config = try ClientDaemonConfig(reading: file)
                try file.rejectUnknownKeys()
            } catch {
                FileHandle.standardError.write(Data("surety-client: \(error)\n".utf8))
                throw ExitCode(2)
            }
            _ = LogSetup.bootstrap(config.common)
            let logger = Logger(label: "surety.client")
            // A SURETY_ variable that matches no key is usually a misspelt override (Docs/CONFIG.md).
            for variable in file.unusedEnvironmentVariables {
                logger.warning("environment variable \(variable) matches no configuration key; ignored")
            }
            let directory = try DataDirectory(path: config.dataDirectory)
            let memberKey: Ed25519.SigningKey
            do {
                memberKey = try MemberIdentity.load(in: directory)
            } catch {
                FileHandle.standardError.write(
                    Data(
                        "surety-client: no member key in \(config.dataDirectory) (run `surety-client identity new --data-dir \(config.dataDirectory)`): \(error)\n"
                            .utf8))
                throw ExitCode(2)
            }
            let registry = MetricsSetup.bootstrap()
            var services: [any Service] = []
            if config.common.metricsEnabled {
                let metrics = MetricsServer(
                    configuration: .init(address: config.common.metricsAddress), registry: registry, logger: logger)
                try await metrics.bind()
                services.append(metrics)
            }
            services.append(ClientDaemonService(config: config, memberKey: memberKey, logger: logger))
            // SIGHUP re-reads the file and applies what is safe without a restart (Docs/CONFIG.md
            // "Reloading"): log level and safe logging. Without a handler SIGHUP would end the process.
            let path = self.config
            try await DaemonLifecycle.run(services: services, logger: logger) {
                let fresh = try ConfigFile.load(path: path) { (file) throws(ConfigError) in
                    try ClientDaemonConfig(reading: file)
                }
                LogSetup.apply(fresh.common)
            }
            withExtendedLifetime(directory) {}
        }
    }

    struct Identity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or show the member identity key.", subcommands: [New.self, Show.self])

        struct New: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create the member key (0600) in the data directory.")
            @Option(name: .long, help: "The client's data directory.") var dataDir: String

            func run() async throws {
                let directory = try DataDirectory(path: dataDir)
                let key = try MemberIdentity.create(in: directory)
                print("member id   \(MemberIdentity.memberID(key.publicKey))")
                print("public key  \(HexString.encode(key.publicKey.rawRepresentation))")
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the member id and public key.")
            @Option(name: .long, help: "The client's data directory.") var dataDir: String

            func run() async throws {
                let key = try MemberIdentity.load(in: try DataDirectory(path: dataDir))
                print("member id   \(MemberIdentity.memberID(key.publicKey))")
                print("public key  \(HexString.encode(key.publicKey.rawRepresentation))")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration file and exit: 0 if valid, 2 with the file, key and reason if not.")
        @Option(name: .long, help: "Path to the client's TOML configuration (see Docs/CONFIG.md).")
        var config: String

        func run() async throws {
            let file: ConfigFile
            do {
                file = try ConfigFile(path: config)
                _ = try ClientDaemonConfig(reading: file)
                try file.rejectUnknownKeys()
            } catch {
                FileHandle.standardError.write(Data("surety-client: \(error)\n".utf8))
                throw ExitCode(2)
            }
            for variable in file.unusedEnvironmentVariables {
                FileHandle.standardError.write(
                    Data("surety-client: warning: environment variable \(variable) matches no configuration key\n".utf8)
                )
            }
            print("\(config): ok")
        }
    }
}
