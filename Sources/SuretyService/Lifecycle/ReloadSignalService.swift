public import Logging
public import ServiceLifecycle
public import UnixSignals

/// A `Service` that calls `reload` each time one of `signals` (default SIGHUP) arrives, until
/// graceful shutdown. A failing reload is logged and the daemon keeps its current configuration:
/// a typo in an edited file must not take a running relay down.
public struct ReloadSignalService: Service {
    private let signals: [UnixSignal]
    private let logger: Logger
    private let reload: @Sendable () async throws -> Void

    public init(
        signals: [UnixSignal] = [.sighup],
        logger: Logger,
        reload: @escaping @Sendable () async throws -> Void
    ) {
        self.signals = signals
        self.logger = logger
        self.reload = reload
    }

    public func run() async throws {
        let sequence = await UnixSignalsSequence(trapping: signals)
        for await signal in sequence.cancelOnGracefulShutdown() {
            logger.info("reloading configuration", metadata: ["signal": "\(signal)"])
            do {
                try await reload()
                logger.info("configuration reloaded")
            } catch {
                logger.error(
                    "configuration reload failed; keeping the current configuration",
                    metadata: ["error": "\(error)"])
            }
        }
    }
}
