import NIOCore
import SuretyService

/// `surety-dir`'s settings (Docs/DIRECTORY.md "Configuration"; common keys in Docs/CONFIG.md).
///
/// ```toml
/// data_directory = "/var/lib/surety-dir"     # SQLite database and lock
/// genesis = "/etc/surety/genesis.surety"     # the network's genesis file
/// genesis_id = "…64 hex…"                    # optional pin: refuse any other genesis
/// identity_key = "/etc/surety/auth1.key"     # this authority's key file (0600)
///
/// [directory]
/// listen = "127.0.0.1:7001"                  # HTTP API (also /metrics and /healthz)
/// test_reachability = true                   # test relays over Noise links (Running flag)
/// bad_exits = []                             # relay identity keys (hex) voted BadExit
/// ```
struct DirectoryDaemonConfig {
    var common: CommonConfig
    var dataDirectory: String
    var genesisPath: String
    var genesisID: String?
    var identityKeyPath: String
    var listen: SocketAddress
    var testReachability: Bool
    var badExits: [String]

    static let defaultListen = try! SocketAddress(ipAddress: "127.0.0.1", port: 7001)

    init(_ file: some ConfigReading) throws(ConfigError) {
        common = try CommonConfig(reading: file, defaultMetricsAddress: Self.defaultListen)
        dataDirectory = try file.required("data_directory", as: .nonEmptyString)
        genesisPath = try file.required("genesis", as: .nonEmptyString)
        genesisID = try file.value(
            "genesis_id",
            as: ConfigType<String>.string.validated("64 hex digits") {
                $0.utf8.count == 64 && $0.allSatisfy(\.isHexDigit)
            })
        identityKeyPath = try file.required("identity_key", as: .nonEmptyString)
        listen = try file.bindAddress("directory.listen", default: Self.defaultListen)
        testReachability = try file.bool("directory.test_reachability", default: true)
        badExits = try file.list(
            "directory.bad_exits",
            of: ConfigType<String>.string.validated("64 hex digits") {
                $0.utf8.count == 64 && $0.allSatisfy(\.isHexDigit)
            },
            default: [])
    }
}
