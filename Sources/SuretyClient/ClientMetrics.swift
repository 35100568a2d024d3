import CoreMetrics

/// Client counters exported on /metrics (names listed in Docs/CONFIG.md "surety-client").
/// No labels carry destinations or isolation keys.
struct ClientMetrics {
    let circuitsBuilt = Counter(label: "surety_client_circuits_built_total")
    let circuitBuildFailures = Counter(label: "surety_client_circuit_build_failures_total")
    let circuitsFailed = Counter(label: "surety_client_circuits_failed_total")
    let streamsOpened = Counter(label: "surety_client_streams_opened_total")
    let streamsRefused = Counter(label: "surety_client_streams_refused_total")
    let circuitBuildSeconds = Timer(label: "surety_client_circuit_build_duration")
}
