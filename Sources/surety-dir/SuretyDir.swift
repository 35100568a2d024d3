import ArgumentParser
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import SuretyCrypto
import SuretyDirectory
import SuretyDocuments
import SuretyService
import SuretyWire

/// `surety-dir`: one directory authority (issue 5 §3). Reads its TOML configuration, opens its
/// SQLite state in the data directory, serves the HTTP API and runs the voting schedule until
/// SIGTERM/SIGINT (graceful: the scheduler stops between steps, every step is already durable).
@main
struct SuretyDir: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surety-dir", abstract: "Run a Surety directory authority.")

    @Option(help: "Configuration file (TOML).") var config: String

    func run() async throws {
        let settings: DirectoryDaemonConfig
        do {
            settings = try ConfigFile.load(path: config) { file throws(ConfigError) in try DirectoryDaemonConfig(file) }
        } catch {
            print("surety-dir: \(error)")
            throw ExitCode(78)  // EX_CONFIG
        }
        LogSetup.bootstrap(settings.common)
        let logger = Logger(label: "surety-dir")
        let registry = MetricsSetup.bootstrap()

        let dataDirectory = try DataDirectory(path: settings.dataDirectory)
        let genesisBytes = try SecureFile.read(path: settings.genesisPath, maxBytes: WireLimits.maxDocumentSize)
        let genesis = try Genesis.verify(genesisBytes)
        let genesisID = HexString.encode(try DocumentSigning.documentID(of: genesis.envelope).bytes)
        if let pinned = settings.genesisID, pinned.lowercased() != genesisID {
            logger.critical("genesis id does not match the pinned genesis_id", metadata: ["genesis_id": "\(genesisID)"])
            throw ExitCode(78)
        }
        let key = try KeyFile.signingKey(
            from: try SecureFile.read(path: settings.identityKeyPath, maxBytes: 4096, requirePrivate: true))
        guard let me = genesis.document.authority(key.publicKey) else {
            logger.critical("identity_key is not one of the genesis authorities")
            throw ExitCode(78)
        }

        var configuration = DirectoryConfiguration(genesis: genesis.document, identityKey: key)
        configuration.testReachability = settings.testReachability
        configuration.badExits = Set(settings.badExits.compactMap { HexString.decode($0) })
        let store = try SQLiteDirectoryStore(path: dataDirectory.file("directory.sqlite"))
        let authority = try DirectoryAuthority(configuration: configuration, store: store, logger: logger)
        let host = settings.listen.ipAddress ?? "127.0.0.1"
        let port = settings.listen.port ?? 7001
        var metricsText: (@Sendable () -> String)?
        if settings.common.metricsEnabled {
            metricsText = { String(decoding: registry.emitToBuffer(), as: UTF8.self) }
        }
        let app = DirectoryHTTPServer.application(
            authority: authority, host: host, port: port, logger: logger, metricsText: metricsText,
            onServerRunning: { port in
                logger.notice(
                    "directory authority listening",
                    metadata: ["authority": "\(me.name)", "port": "\(port)", "genesis": "\(genesisID)"])
            })
        let services: [any Service] = [app, VotingScheduler(authority: authority)]
        try await DaemonLifecycle.run(services: services, logger: logger)
        dataDirectory.unlock()
    }
}
