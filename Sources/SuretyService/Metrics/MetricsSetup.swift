import Metrics
import NIOConcurrencyHelpers
public import Prometheus

/// Process-wide metrics for executables: swift-metrics backed by a swift-prometheus registry.
///
/// Libraries create swift-metrics `Counter`/`Gauge`/`Timer` values and never know the backend;
/// each daemon's `main` calls `bootstrap()` once and hands the registry to `MetricsServer`.
public enum MetricsSetup {
    private static let installed = NIOLockedValueBox<PrometheusCollectorRegistry?>(nil)

    /// Installs a Prometheus factory as the swift-metrics backend and returns its registry.
    ///
    /// swift-metrics allows one bootstrap per process; later calls return the same registry, so
    /// tests and restarts within one process are safe. Do not call `MetricsSystem.bootstrap`
    /// yourself alongside this.
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry {
        installed.withLockedValue { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(makeFactory(registry: registry))
            current = registry
            return registry
        }
    }

    /// The registry installed by `bootstrap()`, if any.
    public static var registry: PrometheusCollectorRegistry? {
        installed.withLockedValue { $0 }
    }

    /// A factory writing into `registry`, for tests and embedders that pass `factory:` explicitly.
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Latency buckets for handshakes and circuit builds: 1 ms to 30 s.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
            .seconds(10), .seconds(30),
        ]
        return factory
    }
}
