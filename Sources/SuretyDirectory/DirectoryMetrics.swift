import CoreMetrics

/// The authority's Prometheus metrics (issue 7 §4: exported through SuretyService's /metrics).
struct DirectoryMetrics: Sendable {
    let descriptorsAccepted = Counter(label: "surety_dir_descriptors_accepted_total")
    let descriptorsRejected = Counter(label: "surety_dir_descriptors_rejected_total")
    let actionsAccepted = Counter(label: "surety_dir_governance_actions_accepted_total")
    let actionsRejected = Counter(label: "surety_dir_governance_actions_rejected_total")
    let votesReceived = Counter(label: "surety_dir_votes_received_total")
    let consensusPublished = Counter(label: "surety_dir_consensus_published_total")
    let consensusFailed = Counter(label: "surety_dir_consensus_rounds_failed_total")
    let reachabilityFailures = Counter(label: "surety_dir_reachability_failures_total")
    let consensusAge = Recorder(label: "surety_dir_consensus_age_seconds", aggregate: false)
}
