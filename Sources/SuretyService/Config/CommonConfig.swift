public import Logging
public import NIOCore

/// The keys every Surety daemon accepts (Docs/CONFIG.md "Common keys"):
///
/// ```toml
/// safe_logging = true          # scrub client addresses, destinations and member ids in logs
///
/// [log]
/// level = "info"               # trace, debug, info, notice, warning, error, critical
/// format = "logfmt"            # logfmt or json
///
/// [metrics]
/// enabled = true
/// address = "127.0.0.1:9101"   # Prometheus /metrics and /healthz; default differs per daemon
/// ```
public struct CommonConfig: Hashable, Sendable {
    public var safeLogging: Bool
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var metricsEnabled: Bool
    public var metricsAddress: SocketAddress

    public init(
        safeLogging: Bool = true,
        logLevel: Logger.Level = .info,
        logFormat: LogFormat = .logfmt,
        metricsEnabled: Bool = true,
        metricsAddress: SocketAddress
    ) {
        self.safeLogging = safeLogging
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.metricsEnabled = metricsEnabled
        self.metricsAddress = metricsAddress
    }

    /// Reads the common keys; `defaultMetricsAddress` is the daemon's own default.
    public init(reading config: some ConfigReading, defaultMetricsAddress: SocketAddress) throws(ConfigError) {
        safeLogging = try config.bool("safe_logging", default: true)
        logLevel = try config.value("log.level", as: .logLevel, default: .info)
        logFormat = try config.value("log.format", as: .logFormat, default: .logfmt)
        metricsEnabled = try config.bool("metrics.enabled", default: true)
        metricsAddress = try config.bindAddress("metrics.address", default: defaultMetricsAddress)
    }
}

extension ConfigType where Value == Logger.Level {
    /// A swift-log level name.
    public static var logLevel: ConfigType<Logger.Level> {
        ConfigType<String>.oneOf(Logger.Level.allCases.map(\.rawValue)).map { Logger.Level(rawValue: $0) }
    }
}

extension ConfigType where Value == LogFormat {
    /// "logfmt" or "json".
    public static var logFormat: ConfigType<LogFormat> {
        ConfigType<String>.oneOf(LogFormat.allCases.map(\.rawValue)).map { LogFormat(rawValue: $0) }
    }
}
