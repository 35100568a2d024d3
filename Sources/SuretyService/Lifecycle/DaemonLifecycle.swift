public import Logging
public import ServiceLifecycle
public import UnixSignals

/// Runs a daemon's services the same way in every executable (issue 7 §5, STYLE.md "a service is
/// a `Service`; `main` builds a `ServiceGroup` and handles SIGTERM gracefully"):
///
/// - SIGTERM and SIGINT start a graceful shutdown: services are asked to stop in reverse order
///   (listeners close, streams drain, state is flushed); after `shutdownTimeout` the remaining
///   ones are cancelled so the process always exits.
/// - SIGHUP calls `reload` (if given) without stopping anything.
/// - A service that returns or throws on its own also starts a graceful shutdown of the others,
///   so state is still flushed when, say, the listener dies.
public enum DaemonLifecycle {
    /// Builds and runs the group; returns when every service has stopped.
    public static func run(
        services: [any Service],
        logger: Logger,
        shutdownTimeout: Duration = .seconds(30),
        reload: (@Sendable () async throws -> Void)? = nil
    ) async throws {
        let group = makeServiceGroup(
            services: services, logger: logger, shutdownTimeout: shutdownTimeout, reload: reload)
        try await group.run()
    }

    /// The group `run` uses, for callers that need `triggerGracefulShutdown()` (tests, embedders).
    public static func makeServiceGroup(
        services: [any Service],
        logger: Logger,
        shutdownTimeout: Duration = .seconds(30),
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        reloadSignals: [UnixSignal] = [.sighup],
        reload: (@Sendable () async throws -> Void)? = nil
    ) -> ServiceGroup {
        var entries = services.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0,
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup)
        }
        if let reload {
            // Last in the list, so it is the first to stop during shutdown; its own end must not
            // end the group.
            entries.append(
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: ReloadSignalService(signals: reloadSignals, logger: logger, reload: reload),
                    successTerminationBehavior: .ignore,
                    failureTerminationBehavior: .ignore,
                    serviceName: "ReloadSignalService"))
        }
        var configuration = ServiceGroupConfiguration(
            services: entries,
            gracefulShutdownSignals: gracefulShutdownSignals,
            cancellationSignals: [],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: configuration)
    }
}
