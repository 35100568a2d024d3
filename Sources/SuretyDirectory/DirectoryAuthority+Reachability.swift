import CoreMetrics
import Logging
import SuretyDocuments
import SuretyWire

extension DirectoryAuthority {
    /// Tests every relay with a fresh descriptor once (at most `concurrency` at a time) and records
    /// the outcome: a success extends or starts the relay's run of uptime, a failure ends it.
    public func testReachability(concurrency: Int = 16) async {
        guard configuration.testReachability, let stored = try? await store.descriptors() else { return }
        let now = self.now
        let statuses = (try? await store.relayStatuses()) ?? [:]
        var targets: [(identity: [UInt8], descriptor: RelayDescriptor)] = []
        for entry in stored {
            guard let envelope = try? SignedEnvelope(decoding: entry.envelope),
                let descriptor = try? CanonicalDecoder.decode(RelayDescriptor.self, from: envelope.body),
                descriptor.published + UInt64(parameters.descriptorLifetime) > now
            else { continue }
            targets.append((entry.identity, descriptor))
        }
        let prober = self.prober
        let results = await withTaskGroup(of: ([UInt8], String?).self) { group in
            var results: [([UInt8], String?)] = []
            var iterator = targets.makeIterator()
            func addNext() -> Bool {
                guard let target = iterator.next() else { return false }
                group.addTask {
                    do {
                        try await prober.probe(target.descriptor)
                        return (target.identity, nil)
                    } catch {
                        return (target.identity, "\(error)")
                    }
                }
                return true
            }
            for _ in 0..<max(1, concurrency) where !addNext() { break }
            while let result = await group.next() {
                results.append(result)
                _ = addNext()
            }
            return results
        }
        for (identity, error) in results {
            var status = statuses[identity] ?? RelayStatus(identity: identity)
            status.lastAttempt = now
            if let error {
                status.runningSince = nil
                status.lastError = error
                metrics.reachabilityFailures.increment()
                logger.info("relay unreachable", metadata: ["error": "\(error)"])
            } else {
                if status.runningSince == nil { status.runningSince = now }
                status.lastSuccess = now
                status.lastError = nil
            }
            try? await store.putRelayStatus(status)
        }
    }
}
