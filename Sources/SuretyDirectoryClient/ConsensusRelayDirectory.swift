public import Logging
import NIOConcurrencyHelpers
public import SuretyDocuments

/// The relay list a client or relay builds circuits from: the relays of the newest verified
/// consensus that are Running and Valid. Throws instead of answering when the consensus has
/// expired, so a client with a stale view refuses to build circuits and says why (issue 5 §4).
///
/// SuretyClient conforms this type to its `RelayDirectory` protocol (mapping `ConsensusRelay` to
/// `RelayInfo`); call `start()` once to load the cache, fetch, and keep refreshing.
public final class ConsensusRelayDirectory: Sendable {
    public let client: ConsensusClient
    private let refresher: RefreshTask

    public init(client: ConsensusClient) {
        self.client = client
        refresher = RefreshTask()
    }

    /// Loads the disk cache, fetches a fresh consensus if the cache is missing or stale (errors are
    /// logged, not thrown: the background refresh retries), and starts refreshing before fresh-until.
    public func start() async {
        client.loadCache()
        if client.secondsUntilRefresh() == 0 {
            do { try await client.refresh() } catch {
                client.logger.warning("no consensus yet", metadata: ["error": "\(error)"])
            }
        }
        let client = self.client
        refresher.start { await client.run() }
    }

    public func stop() { refresher.cancel() }

    /// Running and Valid relays of the usable consensus. Throws `DirectoryClientError` with code
    /// `consensusExpired` or `noConsensus` when circuits must not be built.
    public func usableRelays() throws -> [ConsensusRelay] {
        try client.usableConsensus().relays.filter { $0.flags.isSuperset(of: [.running, .valid]) }
    }
}

/// Holds the background refresh task.
final class RefreshTask: Sendable {
    private let task = LockedTask()

    func start(_ body: @escaping @Sendable () async -> Void) {
        task.replace(Task { await body() })
    }

    func cancel() { task.replace(nil) }
}

final class LockedTask: Sendable {
    private let box = NIOLockedValueBox<Task<Void, Never>?>(nil)
    func replace(_ new: Task<Void, Never>?) {
        box.withLockedValue { old in
            old?.cancel()
            old = new
        }
    }
}
