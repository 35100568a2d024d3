import NIOCore
import SuretyService

/// How a daemon declares its configuration on top of `ConfigFile`. Test-only: not any real
/// daemon's settings, but it uses every kind of value and nesting the daemons will need.
struct ExampleDaemonConfig {
    struct Authority: Equatable {
        var name: String
        var address: SocketAddress
    }

    var common: CommonConfig
    var nickname: String
    var listen: SocketAddress
    var bandwidthRate: Int
    var bandwidthBurst: Int
    var accountingPeriod: Duration
    var accountingMax: Int?
    var exitEnabled: Bool
    var exitPorts: [Int]
    var maxCircuits: Int
    var authorities: [Authority]
    var contact: String

    static let defaultMetrics = try! SocketAddress(ipAddress: "127.0.0.1", port: 9101)

    init(_ file: some ConfigReading) throws(ConfigError) {
        common = try CommonConfig(reading: file, defaultMetricsAddress: Self.defaultMetrics)
        nickname = try file.required("nickname", as: .nonEmptyString)
        contact = try file.string("contact", default: "")
        listen = try file.bindAddress("relay.listen", default: try! SocketAddress(ipAddress: "0.0.0.0", port: 9001))
        maxCircuits = try file.int("relay.max_circuits", default: 10_000, in: 1...1_000_000)

        let bandwidth = try file.section("bandwidth")
        bandwidthRate = try bandwidth.value(
            "rate", as: ConfigType.int.validated("a positive integer (bytes/s)") { $0 > 0 }, default: 1_000_000)
        bandwidthBurst = try bandwidth.value("burst", as: .byteSize(in: 1...(1 << 40)), default: 2_000_000)

        accountingPeriod = try file.duration("accounting.period", default: .seconds(86_400))
        accountingMax = try file.value("accounting.max", as: .byteSize)

        exitEnabled = try file.bool("exit.enabled", default: false)
        exitPorts = try file.list("exit.ports", of: .port, default: [80, 443])

        authorities = try file.sections("authorities").map { section throws(ConfigError) in
            Authority(
                name: try section.required("name", as: .nonEmptyString),
                address: try section.required("address", as: .socketAddress))
        }
    }
}
