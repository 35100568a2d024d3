import Foundation
import NIOCore
import NIOPosix
import SuretyCircuit
import SuretyClient
import SuretyCrypto
import SuretyTestSupport

/// `surety-bench circuits`: the onion path end to end on loopback (Docs/PERFORMANCE.md "Circuits").
///
/// Relays are separate `surety-relay` processes (release build, found next to this binary or
/// under `--bin`); the client and the HTTP site run in this process on their own event-loop
/// threads, and the benchmark's readers are plain blocking sockets, as curl would be. Each figure
/// is printed with a ratio to a reference measured in the same run:
/// - throughput (1, 8 and 32 streams, each stream its own circuit) against a plain loopback TCP
///   sender/receiver pair;
/// - time to first byte through a circuit against the same 1 KiB fetch straight from the site;
/// - circuit build latency against three hop handshakes (both sides, in memory): the crypto floor;
/// - relays' CPU seconds per GB delivered against the CPU both ends of the plain TCP pair spend;
/// - relay memory per idle circuit against the 2 KiB budget of the circuits issue (not measured).
enum CircuitBenchmarks {
    struct Options {
        var binDirectory: String
        var relays = 8
        var exits = 2
        var bulkBytes = 256 << 20
        var reps = 3
        var ttfbSamples = 20
        var builds = 200
        var buildWarmup = 50
        var idleCircuits = 10_000
        var jsonPath: String?
    }

    /// Figures for `--json`, keyed by a short name.
    final class Record {
        var figures: [String: Double] = [:]
        var notes: [String: String] = [:]
    }

    static func run(options: Options) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let record = Record()
        record.notes["load_average_start"] = ProcessStats.loadAverage()
        // Before anything else: a fresh heap grows by what these objects take (nothing freed to reuse).
        let breakdown = try memoryBreakdown(count: 10_000)
        Bench.header(
            "Circuits: \(options.relays) relay processes (\(options.exits) exits); client and site in this process")
        print("  load average (1/5/15 min) at start: \(ProcessStats.loadAverage())")
        let network = try await BenchNetwork.start(
            binDirectory: options.binDirectory, relayCount: options.relays, exitCount: options.exits)
        do {
            try await measure(network, options: options, record: record, breakdown: breakdown)
        } catch {
            await network.stop()
            throw error
        }
        await network.stop()
        let elapsed = HTTPFetch.seconds(started.duration(to: clock.now))
        record.notes["load_average_end"] = ProcessStats.loadAverage()
        record.figures["wall_seconds"] = elapsed
        print("\n  load average at end: \(ProcessStats.loadAverage()); suite wall time \(Int(elapsed.rounded())) s")
        if let path = options.jsonPath { try write(record, to: path) }
    }

    private static func measure(
        _ network: BenchNetwork, options: Options, record: Record, breakdown: [(String, Double)]
    ) async throws {
        guard let site = network.site, let client = network.client else { return }
        let sitePort = UInt16(site.port)
        let proxyPort = UInt16(client.proxyPort)
        let users = UserNames()

        // References.
        Bench.header("Throughput (MB = 10^6 B; median of \(options.reps) runs; each stream its own circuit)")
        let raw = try rawTCP(bytes: 1 << 30, reps: options.reps)
        let rawRate = Measurement(name: "loopback TCP, plain sockets (reference)", unitsPerSecond: raw.rate, unit: "B")
        Bench.report(rawRate, against: rawRate, note: "1 GiB per run")
        record.figures["raw_tcp_MBps"] = raw.rate / 1e6
        let direct = try transfers(
            network, streams: 1, bytesPerStream: options.bulkBytes, reps: options.reps, socks: nil, users: users)
        Bench.report(
            Measurement(name: "site fetched directly (no proxy)", unitsPerSecond: direct.rate, unit: "B"),
            against: rawRate, note: "\(options.bulkBytes >> 20) MiB")
        record.figures["direct_MBps"] = direct.rate / 1e6

        // Throughput through 3-hop circuits, with the relays' CPU time.
        var cpuRows: [(String, TransferSummary)] = []
        for (streams, perStream) in [(1, options.bulkBytes), (8, 32 << 20), (32, 8 << 20)] {
            let summary = try transfers(
                network, streams: streams, bytesPerStream: perStream, reps: options.reps, socks: proxyPort,
                users: users)
            let name = streams == 1 ? "3-hop bulk, 1 stream" : "3-hop, \(streams) streams, aggregate"
            Bench.report(
                Measurement(name: name, unitsPerSecond: summary.rate, unit: "B"), against: rawRate,
                note: "\(streams) x \(perStream >> 20) MiB")
            record.figures["streams\(streams)_MBps"] = summary.rate / 1e6
            record.figures["streams\(streams)_relay_cpu_s_per_MB"] = summary.relayCPUPerByte * 1e6
            record.figures["streams\(streams)_client_cpu_s_per_MB"] = summary.clientCPUPerByte * 1e6
            cpuRows.append((name, summary))
        }

        // CPU per GB delivered.
        Bench.header("CPU seconds per GB delivered (sum of the 3 hops' relay processes: every byte crosses 3 relays)")
        let rawReference = (name: "loopback TCP, both ends (reference)", value: raw.cpuPerByte * 1e9)
        Bench.reportValue(rawReference.name, rawReference.value, unit: "CPU-s/GB", against: rawReference)
        record.figures["raw_tcp_cpu_s_per_GB"] = rawReference.value
        for (name, summary) in cpuRows {
            Bench.reportValue(
                "relays, " + name, summary.relayCPUPerByte * 1e9, unit: "CPU-s/GB", against: rawReference,
                note: String(format: "%.4f CPU-s/MB", summary.relayCPUPerByte * 1e6))
        }
        for (name, summary) in cpuRows {
            Bench.reportValue(
                "client thread, " + name, summary.clientCPUPerByte * 1e9, unit: "CPU-s/GB", against: rawReference,
                note: String(format: "%.4f CPU-s/MB", summary.clientCPUPerByte * 1e6))
        }

        // Latency.
        Bench.header("Latency (median of \(options.ttfbSamples); 1 KiB body)")
        let directTTFB = try (0..<options.ttfbSamples).map { _ in
            try HTTPFetch.get(host: "127.0.0.1", port: sitePort, path: "/bytes/1024", socksPort: nil, user: "")
                .timeToFirstByte
        }
        let directReference = (name: "TTFB, site fetched directly (reference)", value: median(directTTFB) * 1e3)
        Bench.reportValue(directReference.name, directReference.value, unit: "ms", against: directReference)
        let warmUser = users.next("warm")
        _ = try HTTPFetch.get(
            host: "127.0.0.1", port: sitePort, path: "/bytes/1024", socksPort: proxyPort, user: warmUser)
        let warm = try (0..<options.ttfbSamples).map { _ in
            try HTTPFetch.get(
                host: "127.0.0.1", port: sitePort, path: "/bytes/1024", socksPort: proxyPort, user: warmUser
            ).timeToFirstByte
        }
        let fresh = try (0..<options.ttfbSamples).map { _ in
            try HTTPFetch.get(
                host: "127.0.0.1", port: sitePort, path: "/bytes/1024", socksPort: proxyPort, user: users.next("new")
            ).timeToFirstByte
        }
        for (name, key, samples) in [
            ("TTFB, pre-built circuit (same user)", "ttfb_prebuilt_ms", warm),
            ("TTFB, new circuit built on demand", "ttfb_new_circuit_ms", fresh),
        ] {
            Bench.reportValue(
                name, median(samples) * 1e3, unit: "ms", against: directReference,
                note: String(
                    format: "p10-p90 %.2f-%.2f ms", percentile(samples, 10) * 1e3, percentile(samples, 90) * 1e3))
            record.figures[key] = median(samples) * 1e3
        }
        record.figures["ttfb_direct_ms"] = directReference.value

        // Circuit builds: fresh isolation keys and no pre-emptive circuits, so each one builds.
        let hop = try hopHandshakeRate()
        let floor = (name: "3 hop handshakes, in memory (reference)", value: 3e3 / hop)
        Bench.reportValue(floor.name, floor.value, unit: "ms", against: floor, note: String(format: "%.0f /s", hop))
        for _ in 0..<options.buildWarmup { _ = try await client.buildCircuit(isolation: users.next("warmup")) }
        var builds: [Double] = []
        let clock = ContinuousClock()
        let buildDeadline = clock.now.advanced(by: .seconds(60))
        while builds.count < options.builds && clock.now < buildDeadline {
            let start = clock.now
            _ = try await client.buildCircuit(isolation: users.next("build"))
            builds.append(HTTPFetch.seconds(start.duration(to: clock.now)))
        }
        for (label, key, p) in [("p50", "build_p50_ms", 50.0), ("p99", "build_p99_ms", 99.0)] {
            Bench.reportValue(
                "circuit build, 3 hops, \(label)", percentile(builds, p) * 1e3, unit: "ms", against: floor,
                note: "\(builds.count) builds after \(options.buildWarmup) warm-up")
            record.figures[key] = percentile(builds, p) * 1e3
        }

        // Memory per idle circuit.
        try await idleCircuits(network, count: options.idleCircuits, record: record)
        let budget = (name: "2 KiB per idle circuit (issue target)", value: 2048.0)
        for (index, (name, bytes)) in breakdown.enumerated() {
            Bench.reportValue(name, bytes, unit: "B", against: budget, note: "this process, RssAnon growth / 10000")
            record.figures["inprocess_object\(index)_bytes"] = bytes
            record.notes["inprocess_object\(index)"] = name.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Resident memory per object of a relay's per-circuit onion state, each kind created 10 000
    /// times and kept alive: the running digest, the AES-CTR context and a whole `RelayHop`
    /// (two of each plus windows). Returns (name, bytes per object).
    private static func memoryBreakdown(count: Int) throws -> [(String, Double)] {
        let pid = getpid()
        var rows: [(String, Double)] = []
        var keep: [AnyObject] = []
        keep.reserveCapacity(3 * count)
        func measure(_ name: String, _ make: () throws -> AnyObject) rethrows {
            let before = ProcessStats.statusBytes(pid: pid, field: "RssAnon") ?? 0
            for _ in 0..<count { keep.append(try make()) }
            let after = ProcessStats.statusBytes(pid: pid, field: "RssAnon") ?? 0
            rows.append((name, Double(after - before) / Double(count)))
        }
        try measure("RelayHop in this process (2 digests, 2 AES)") {
            try RelayHop(keys: try HopKeys(handshakeSecret: .random(count: 64)))
        }
        try measure("  of which each RunningDigest (BLAKE2b)") { try RunningDigest(key: .random(count: 32)) }
        try measure("  of which each AESCTR (EVP_CIPHER_CTX)") { try AESCTR(key: .random(count: 16)) }
        withExtendedLifetime(keep) {}
        return rows
    }

    // MARK: Transfers

    struct TransferSummary {
        /// Median aggregate bytes per second.
        var rate: Double
        /// Median relay (all relay processes) and client-thread CPU seconds per byte delivered.
        var relayCPUPerByte: Double
        var clientCPUPerByte: Double
    }

    /// `reps` runs of `streams` concurrent GETs of `bytesPerStream`, each with its own SOCKS user
    /// (its own circuit); or direct when `socks` is nil.
    private static func transfers(
        _ network: BenchNetwork, streams: Int, bytesPerStream: Int, reps: Int, socks: UInt16?, users: UserNames
    ) throws -> TransferSummary {
        guard let site = network.site else { throw LoopbackSocket.Failure("no site") }
        let port = UInt16(site.port)
        var rates: [Double] = []
        var relayCPU: [Double] = []
        var clientCPU: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<reps {
            let names = (0..<streams).map { _ in users.next("s\(streams)") }
            let relayBefore = ProcessStats.cpuSeconds(pids: network.relayPIDs) ?? 0
            let clientBefore = network.clientThreadStat.flatMap(ProcessStats.cpuSeconds(statPath:)) ?? 0
            let start = clock.now
            let results = runConcurrently(count: streams, timeoutSeconds: 120) { index in
                try HTTPFetch.get(
                    host: "127.0.0.1", port: port, path: "/bytes/\(bytesPerStream)", socksPort: socks,
                    user: names[index], timeoutSeconds: 60)
            }.wait()
            let seconds = HTTPFetch.seconds(start.duration(to: clock.now))
            var bytes = 0
            for result in results {
                let fetch = try result.get()
                guard fetch.bodyBytes == bytesPerStream else {
                    throw LoopbackSocket.Failure("short body: \(fetch.bodyBytes) of \(bytesPerStream)")
                }
                bytes += fetch.bodyBytes
            }
            rates.append(Double(bytes) / seconds)
            let relayAfter = ProcessStats.cpuSeconds(pids: network.relayPIDs) ?? 0
            let clientAfter = network.clientThreadStat.flatMap(ProcessStats.cpuSeconds(statPath:)) ?? 0
            relayCPU.append((relayAfter - relayBefore) / Double(bytes))
            clientCPU.append((clientAfter - clientBefore) / Double(bytes))
        }
        return TransferSummary(
            rate: median(rates), relayCPUPerByte: median(relayCPU), clientCPUPerByte: median(clientCPU))
    }

    /// A plain loopback TCP pair (one sender thread, one receiver): median bytes per second, and
    /// this process's CPU seconds per byte (both ends are here; the rest of the process is idle).
    private static func rawTCP(bytes: Int, reps: Int) throws -> (rate: Double, cpuPerByte: Double) {
        var rates: [Double] = []
        var cpu: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<reps {
            let (listener, port) = try LoopbackSocket.listen()
            let cpuBefore = ProcessStats.selfCPUSeconds()
            let start = clock.now
            let sender = runConcurrently(count: 1, timeoutSeconds: 0) { _ in
                let connection = try listener.accept()
                let chunk = [UInt8](repeating: 0x5a, count: 256 * 1024)
                var sent = 0
                try chunk.withUnsafeBytes { buffer in
                    while sent < bytes {
                        let count = min(buffer.count, bytes - sent)
                        try connection.send(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                        sent += count
                    }
                }
                return FetchResult(timeToFirstByte: 0, total: 0, bodyBytes: sent)
            }
            let receiver = try LoopbackSocket.connect(port: port)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
            defer { buffer.deallocate() }
            var received = 0
            while received < bytes {
                let got = try receiver.receive(into: buffer)
                guard got > 0 else { break }
                received += got
            }
            let seconds = HTTPFetch.seconds(start.duration(to: clock.now))
            _ = try sender.wait().first?.get()
            guard received == bytes else { throw LoopbackSocket.Failure("raw TCP: \(received) of \(bytes) bytes") }
            rates.append(Double(bytes) / seconds)
            cpu.append((ProcessStats.selfCPUSeconds() - cpuBefore) / Double(bytes))
        }
        return (median(rates), median(cpu))
    }

    // MARK: Hop handshakes

    /// Complete hop handshakes per second, both sides in this thread (CREATE → CREATED → keys).
    private static func hopHandshakeRate() throws -> Double {
        let onion = X25519.PrivateKey()
        let identity = [UInt8](repeating: 7, count: 32)
        let measurement = try Bench.rate("hop handshake", unit: "ops", unitsPerCall: 1, seconds: 0.3) {
            var initiator = try HopHandshake.Initiator(relayIdentity: identity, onionKey: onion.publicKey)
            let answer = try HopHandshake.respond(to: initiator.message, relayIdentity: identity, onionKey: onion)
            _ = try initiator.finish(reply: answer.reply)
        }
        return measurement.unitsPerSecond
    }

    // MARK: Idle circuits

    /// Opens `count` one-hop circuits through a fresh relay process over one link and reads the
    /// relay's anonymous resident memory (RssAnon, /proc/PID/status) before and after.
    private static func idleCircuits(_ network: BenchNetwork, count: Int, record: Record) async throws {
        Bench.header("Relay memory per idle circuit (\(count) circuits through one relay process, one link)")
        let relay = try await network.spawnRelay(name: "idle", isExit: false)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let warmup = 100
        do {
            let probe = try await loop.submit { NIOLoopBound(IdleCircuitProbe(eventLoop: loop), eventLoop: loop) }
                .get()
            let info = relay.info
            try await loop.flatSubmit { probe.value.connect(to: info, handshakes: warmup + count) }.get()
            try await loop.flatSubmit { probe.value.open(upTo: warmup) }.get()
            try await Task.sleep(for: .milliseconds(300))
            let anonBefore = ProcessStats.statusBytes(pid: relay.pid, field: "RssAnon") ?? 0
            let rssBefore = ProcessStats.statusBytes(pid: relay.pid, field: "VmRSS") ?? 0
            let cpuBefore = ProcessStats.cpuSeconds(pid: relay.pid) ?? 0
            let clock = ContinuousClock()
            let start = clock.now
            try await loop.flatSubmit { probe.value.open(upTo: warmup + count) }.get()
            let seconds = HTTPFetch.seconds(start.duration(to: clock.now))
            let cpu = (ProcessStats.cpuSeconds(pid: relay.pid) ?? 0) - cpuBefore
            try await Task.sleep(for: .milliseconds(500))
            let anonAfter = ProcessStats.statusBytes(pid: relay.pid, field: "RssAnon") ?? 0
            let rssAfter = ProcessStats.statusBytes(pid: relay.pid, field: "VmRSS") ?? 0
            let (created, refused) = try await loop.submit { (probe.value.created, probe.value.refused) }.get()
            let opened = created - warmup
            guard opened > 0 else { throw LoopbackSocket.Failure("no circuit opened (\(refused) refused)") }
            let budget = (name: "2 KiB per idle circuit (issue target)", value: 2048.0)
            let perCircuit = Double(anonAfter - anonBefore) / Double(opened)
            Bench.reportValue(
                "relay RssAnon growth per idle circuit", perCircuit, unit: "B", against: budget,
                note: "\(opened) circuits, \(refused) refused; RssAnon \(anonBefore >> 10) -> \(anonAfter >> 10) KiB")
            Bench.reportValue(
                "relay VmRSS growth per idle circuit", Double(rssAfter - rssBefore) / Double(opened), unit: "B",
                against: budget, note: "VmRSS \(rssBefore >> 10) -> \(rssAfter >> 10) KiB")
            print(
                String(
                    format: "  %d CREATE -> CREATED in %.2f s (%.0f circuits/s); relay CPU %.1f us per CREATE",
                    opened, seconds, Double(opened) / seconds, cpu / Double(opened) * 1e6))
            record.figures["idle_circuit_rss_anon_bytes"] = perCircuit
            record.figures["idle_circuit_vmrss_bytes"] = Double(rssAfter - rssBefore) / Double(opened)
            record.figures["create_relay_cpu_us"] = cpu / Double(opened) * 1e6
            try await loop.submit { probe.value.close() }.get()
        } catch {
            network.stopRelay(relay)
            try? await group.shutdownGracefully()
            throw error
        }
        network.stopRelay(relay)
        try? await group.shutdownGracefully()
    }

    // MARK: Helpers

    /// Runs `body(0..<count)` on `count` threads (blocking sockets, like separate curl processes).
    /// `wait` returns once all are done, or after `timeoutSeconds` (0: no extra bound; every socket
    /// has its own timeouts) with the unfinished ones as failures.
    private static func runConcurrently(
        count: Int, timeoutSeconds: Double, _ body: @escaping @Sendable (Int) throws -> FetchResult
    ) -> PendingResults {
        let pending = PendingResults(count: count, timeoutSeconds: timeoutSeconds)
        for index in 0..<count {
            pending.group.enter()
            Thread {
                let result = Result { try body(index) }
                pending.set(index, result)
                pending.group.leave()
            }.start()
        }
        return pending
    }

    final class PendingResults: @unchecked Sendable {
        let group = DispatchGroup()
        private let lock = NSLock()
        private var results: [Result<FetchResult, any Error>]
        private let timeoutSeconds: Double

        init(count: Int, timeoutSeconds: Double) {
            results = Array(repeating: .failure(LoopbackSocket.Failure("timed out")), count: count)
            self.timeoutSeconds = timeoutSeconds
        }

        func set(_ index: Int, _ result: Result<FetchResult, any Error>) {
            lock.withLock { results[index] = result }
        }

        func wait() -> [Result<FetchResult, any Error>] {
            if timeoutSeconds > 0 {
                _ = group.wait(timeout: .now() + timeoutSeconds)
            } else {
                group.wait()
            }
            return lock.withLock { results }
        }
    }

    /// Distinct SOCKS usernames (distinct circuits) across the whole run.
    final class UserNames {
        private var counter = 0
        private let run = UInt32.random(in: 0...UInt32.max)
        func next(_ tag: String) -> String {
            counter += 1
            return "bench-\(run)-\(tag)-\(counter)"
        }
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 50) }

    /// Nearest-rank percentile (0 for an empty list).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    private static func write(_ record: Record, to path: String) throws {
        var object: [String: Any] = [:]
        for (key, value) in record.figures { object[key] = (value * 10_000).rounded() / 10_000 }
        for (key, value) in record.notes { object[key] = value }
        object["date_utc"] = ISO8601DateFormatter().string(from: Date())
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
        print("  figures written to \(path)")
    }
}
