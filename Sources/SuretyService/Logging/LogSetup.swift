public import Logging
import NIOConcurrencyHelpers

/// Process-wide logging for executables: `StructuredLogHandler` on standard error.
///
/// Libraries never call this (STYLE.md: "libraries take a `Logger` and never bootstrap logging");
/// each daemon's `main` calls `bootstrap` once, before anything logs.
public enum LogSetup {
    static let sharedLevel = NIOLockedValueBox(Logger.Level.info)
    private static let bootstrapped = NIOLockedValueBox(false)

    /// Installs the structured handler for every `Logger` in the process.
    ///
    /// swift-log allows one bootstrap per process; later calls only change the level and return
    /// false, so calling this twice is harmless.
    @discardableResult
    public static func bootstrap(
        level: Logger.Level = .info,
        format: LogFormat = .logfmt,
        sink: LogSink = .standardError
    ) -> Bool {
        self.level = level
        let first = bootstrapped.withLockedValue { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        LoggingSystem.bootstrap { label in
            StructuredLogHandler(
                label: label, format: format, levelSource: .shared(sharedLevel), sink: sink, metadataProvider: nil,
                timestamp: POSIX.utcTimestamp)
        }
        return true
    }

    /// Bootstraps from the common configuration keys and applies `safe_logging`.
    @discardableResult
    public static func bootstrap(_ config: CommonConfig, sink: LogSink = .standardError) -> Bool {
        SafeLogging.shared.isEnabled = config.safeLogging
        return bootstrap(level: config.logLevel, format: config.logFormat, sink: sink)
    }

    /// Re-applies the settings that can change without a restart (SIGHUP): level and safe logging.
    /// The format is fixed at bootstrap.
    public static func apply(_ config: CommonConfig) {
        SafeLogging.shared.isEnabled = config.safeLogging
        level = config.logLevel
    }

    /// The level of every logger that did not set its own.
    public static var level: Logger.Level {
        get { sharedLevel.withLockedValue { $0 } }
        set { sharedLevel.withLockedValue { $0 = newValue } }
    }
}
