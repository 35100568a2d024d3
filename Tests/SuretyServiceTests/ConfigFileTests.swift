import Foundation
import Logging
import NIOCore
import SuretyService
import Testing

private let fullConfig = """
    nickname = "alpha"
    contact = "ops@example.org"
    safe_logging = false

    [log]
    level = "debug"
    format = "json"

    [metrics]
    enabled = false
    address = "[::1]:9200"

    [relay]
    listen = "127.0.0.1:9050"
    max_circuits = 500

    [bandwidth]
    rate = 3000000
    burst = "10 MB"

    [accounting]
    period = "1h30m"
    max = "512 KiB"

    [exit]
    enabled = true
    ports = [80, 443, 8080]

    [[authorities]]
    name = "auth1"
    address = "127.0.0.1:7001"

    [[authorities]]
    name = "auth2"
    address = "[::1]:7002"
    """

/// Loads `text` as "relay.toml", builds the example daemon config and rejects unknown keys.
private func load(_ text: String, environment: [String: String] = [:]) throws(ConfigError) -> ExampleDaemonConfig {
    let file = try ConfigFile(contents: text, name: "relay.toml", environment: environment)
    let config = try ExampleDaemonConfig(file)
    try file.rejectUnknownKeys()
    return config
}

/// The ConfigError `text` produces, or nil (and a recorded issue) if it loads.
private func loadError(
    _ text: String, environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
) -> ConfigError? {
    do {
        _ = try load(text, environment: environment)
        Issue.record("expected a configuration error", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite("ConfigFile")
struct ConfigFileTests {
    @Test("every value type is read from the file")
    func readsEveryType() throws {
        let config = try load(fullConfig)
        #expect(config.nickname == "alpha")
        #expect(config.contact == "ops@example.org")
        #expect(config.common.safeLogging == false)
        #expect(config.common.logLevel == .debug)
        #expect(config.common.logFormat == .json)
        #expect(config.common.metricsEnabled == false)
        #expect(config.common.metricsAddress == (try SocketAddress(ipAddress: "::1", port: 9200)))
        #expect(config.listen == (try SocketAddress(ipAddress: "127.0.0.1", port: 9050)))
        #expect(config.maxCircuits == 500)
        #expect(config.bandwidthRate == 3_000_000)
        #expect(config.bandwidthBurst == 10_000_000)
        #expect(config.accountingPeriod == .seconds(5400))
        #expect(config.accountingMax == 512 * 1024)
        #expect(config.exitEnabled)
        #expect(config.exitPorts == [80, 443, 8080])
        #expect(
            config.authorities == [
                .init(name: "auth1", address: try SocketAddress(ipAddress: "127.0.0.1", port: 7001)),
                .init(name: "auth2", address: try SocketAddress(ipAddress: "::1", port: 7002)),
            ])
    }

    @Test("absent keys take their defaults")
    func defaults() throws {
        let config = try load("nickname = \"alpha\"")
        #expect(config.common == CommonConfig(metricsAddress: ExampleDaemonConfig.defaultMetrics))
        #expect(config.common.safeLogging == true)
        #expect(config.common.logLevel == .info)
        #expect(config.common.logFormat == .logfmt)
        #expect(config.listen == (try SocketAddress(ipAddress: "0.0.0.0", port: 9001)))
        #expect(config.bandwidthRate == 1_000_000)
        #expect(config.accountingMax == nil)
        #expect(config.accountingPeriod == .seconds(86_400))
        #expect(config.exitPorts == [80, 443])
        #expect(config.authorities.isEmpty)
    }

    @Test("a misspelt key is an error naming the file and the key, with a suggestion")
    func unknownKeys() throws {
        let topLevel = loadError("nickname = \"a\"\nnickame = \"b\"")
        #expect(topLevel?.code == .unknownKey)
        #expect(topLevel?.file == "relay.toml")
        #expect(topLevel?.key == "nickame")
        #expect(topLevel?.description == "relay.toml: key `nickame` is not a known setting (did you mean `nickname`?)")

        let inSection = loadError("nickname = \"a\"\n[bandwidth]\nrat = 5")
        #expect(inSection?.key == "bandwidth.rat")
        #expect(inSection?.description.contains("did you mean `bandwidth.rate`?") == true)

        let wholeTable = loadError("nickname = \"a\"\n[bandwith]\nrate = 5")
        #expect(wholeTable?.key == "bandwith")
        #expect(wholeTable?.description.contains("did you mean `bandwidth`?") == true)

        let inList = loadError("nickname = \"a\"\n[[authorities]]\nname = \"x\"\naddress = \"127.0.0.1:1\"\nadress = 1")
        #expect(inList?.key == "authorities[0].adress")

        let several = loadError("nickname = \"a\"\nzzz = 1\nyyy = 2")
        #expect(several?.key == "yyy")
        #expect(several?.description.contains("other unknown keys: `zzz`") == true)
    }

    @Test(
        "a bad value names the file, the key and the reason",
        arguments: [
            ("[bandwidth]\nrate = -3", "bandwidth.rate", "must be a positive integer (bytes/s), got -3"),
            ("[bandwidth]\nrate = \"fast\"", "bandwidth.rate", "must be a positive integer (bytes/s), got \"fast\""),
            ("[bandwidth]\nburst = \"10 XB\"", "bandwidth.burst", "unknown unit \"xb\""),
            ("[bandwidth]\nburst = 0", "bandwidth.burst", "must be a byte size from 1 byte to 1 TiB, got 0"),
            ("[relay]\nlisten = \"localhost:9050\"", "relay.listen", "host names are not accepted"),
            ("[relay]\nlisten = \"::1:9050\"", "relay.listen", "write IPv6 addresses in brackets"),
            ("[relay]\nlisten = \"127.0.0.1:70000\"", "relay.listen", "the port must be a number from 0 to 65535"),
            ("[relay]\nmax_circuits = 0", "relay.max_circuits", "must be an integer from 1 to 1000000, got 0"),
            ("[accounting]\nperiod = 30", "accounting.period", "add a unit"),
            ("[accounting]\nperiod = \"5 parsecs\"", "accounting.period", "unknown unit \"parsecs\""),
            ("[exit]\nports = [80, \"x\"]", "exit.ports[1]", "must be a port number from 1 to 65535, got \"x\""),
            ("[exit]\nports = [80, 0]", "exit.ports[1]", "got 0"),
            ("[exit]\nports = 80", "exit.ports", "must be a list, each a port number from 1 to 65535, got 80"),
            ("safe_logging = \"yes\"", "safe_logging", "must be true or false, got \"yes\""),
            ("[log]\nlevel = \"loud\"", "log.level", "must be one of \"trace\", \"debug\", \"info\""),
            ("[metrics]\naddress = 9100", "metrics.address", "got 9100"),
            ("bandwidth = 5", "bandwidth", "must be a table, got 5"),
            ("authorities = [1]", "authorities", "must be a list of tables"),
            ("[[authorities]]\nname = \"a\"\naddress = \"127.0.0.1:0\"", "authorities[0].address", "from 1 to 65535"),
            ("[[authorities]]\nname = \"a\"", "authorities[0].address", "is required"),
        ])
    func badValues(setting: String, key: String, reason: String) throws {
        let error = loadError("nickname = \"a\"\n" + setting)
        #expect(error?.code == .invalidValue || error?.code == .missingKey)
        #expect(error?.key == key)
        #expect(error?.description.hasPrefix("relay.toml: key `\(key)` ") == true)
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "no error")")
    }

    @Test("the exact message for the issue's example")
    func exactMessage() {
        let error = loadError("nickname = \"a\"\n[bandwidth]\nrate = -3")
        #expect(error?.description == "relay.toml: key `bandwidth.rate` must be a positive integer (bytes/s), got -3")
    }

    @Test("a required key that is missing names the key and its environment variable")
    func missingRequired() {
        let error = loadError("contact = \"x\"")
        #expect(error?.code == .missingKey)
        #expect(error?.key == "nickname")
        #expect(error?.description.contains("SURETY_NICKNAME") == true)
    }

    @Test("invalid TOML is a syntax error with a line number")
    func syntaxError() {
        let error = loadError("nickname = \"a\"\nrate = = 3")
        #expect(error?.code == .syntax)
        #expect(error?.key == nil)
        #expect(error?.description.hasPrefix("relay.toml: invalid TOML at line 2") == true)
    }

    @Test("environment variables override the file, typed by the key they set")
    func environmentOverrides() throws {
        let environment = [
            "SURETY_BANDWIDTH_RATE": "2000",
            "SURETY_LOG_LEVEL": "warning",
            "SURETY_METRICS_ADDRESS": "127.0.0.1:9999",
            "SURETY_SAFE_LOGGING": "true",
            "SURETY_EXIT_PORTS": "[443]",
            "SURETY_NICKNAME": "true",  // a string key: "true" stays the string "true"
            "SURETY_BANDWIDTH_BURST": "1 GiB",
            "SURETY_BANDWIDHT_RATE": "1",  // misspelt: reported as unused
            "OTHER_VARIABLE": "ignored",
        ]
        let file = try ConfigFile(contents: fullConfig, name: "relay.toml", environment: environment)
        let config = try ExampleDaemonConfig(file)
        try file.rejectUnknownKeys()
        #expect(config.bandwidthRate == 2000)
        #expect(config.bandwidthBurst == 1 << 30)
        #expect(config.common.logLevel == .warning)
        #expect(config.common.metricsAddress == (try SocketAddress(ipAddress: "127.0.0.1", port: 9999)))
        #expect(config.common.safeLogging == true)
        #expect(config.exitPorts == [443])
        #expect(config.nickname == "true")
        #expect(config.accountingPeriod == .seconds(5400))  // not overridden
        #expect(file.unusedEnvironmentVariables == ["SURETY_BANDWIDHT_RATE"])
    }

    @Test("a bad environment override names the key and the variable")
    func badEnvironmentOverride() {
        let error = loadError(fullConfig, environment: ["SURETY_BANDWIDTH_RATE": "-3"])
        #expect(error?.key == "bandwidth.rate")
        #expect(
            error?.description
                == "relay.toml: key `bandwidth.rate` (from environment variable SURETY_BANDWIDTH_RATE) must be a positive integer (bytes/s), got -3"
        )
        let notANumber = loadError(fullConfig, environment: ["SURETY_RELAY_MAX_CIRCUITS": "many"])
        #expect(notANumber?.description.contains("got \"many\"") == true)
    }

    @Test("the environment can supply a required key")
    func environmentSuppliesRequired() throws {
        let config = try load("", environment: ["SURETY_NICKNAME": "beta"])
        #expect(config.nickname == "beta")
    }

    @Test("files are read from disk; a missing file is a clear error")
    func fileOnDisk() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/relay.toml"
        try Data(fullConfig.utf8).write(to: URL(fileURLWithPath: path))
        let config = try ConfigFile.load(path: path, environment: [:]) { file throws(ConfigError) in
            try ExampleDaemonConfig(file)
        }
        #expect(config.nickname == "alpha")

        let missing = directory.path + "/absent.toml"
        let error = #expect(throws: ConfigError.self) {
            try ConfigFile(path: missing, environment: [:])
        }
        #expect(error?.code == .unreadableFile)
        #expect(error?.file == missing)
        #expect(error?.description.contains("no such file") == true)
    }

    @Test("load() rejects unknown keys after building")
    func loadRejectsUnknownKeys() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/relay.toml"
        try Data("nickname = \"a\"\ncolour = \"blue\"\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ConfigError.self) {
            try ConfigFile.load(path: path, environment: [:]) { file throws(ConfigError) in
                try ExampleDaemonConfig(file)
            }
        }
        #expect(error?.description == "\(path): key `colour` is not a known setting")
    }

    @Test("acceptKeys() marks settings of another mode as known")
    func acceptKeys() throws {
        let file = try ConfigFile(contents: "[exit]\npolicy = \"reject *:*\"", name: "x.toml")
        file.acceptKeys("exit.policy")
        try file.rejectUnknownKeys()
    }
}
