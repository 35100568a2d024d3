import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle
import SuretyService
import Testing

private let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Sends `request` bytes over a fresh TCP connection and returns everything received until the
/// server closes it (the metrics server closes after each response).
private func exchange(_ address: SocketAddress, _ request: String) async throws -> String {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(to: address) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        var received = ""
        do {
            try await outbound.write(ByteBuffer(string: request))
        } catch {
            // The server may close a refused connection before the request is written.
            return received
        }
        do {
            for try await buffer in inbound {
                received += String(buffer: buffer)
            }
        } catch {
            // A reset after the response (the server closed with unread input) ends the exchange.
        }
        return received
    }
}

private func get(_ address: SocketAddress, _ path: String, method: String = "GET") async throws -> String {
    try await exchange(address, "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
}

private func loopback() throws -> SocketAddress {
    try SocketAddress(ipAddress: "127.0.0.1", port: 0)
}

@Suite("MetricsServer")
struct MetricsServerTests {
    @Test("GET /metrics over a real loopback socket shows a counter incremented through swift-metrics")
    func servesMetrics() async throws {
        let registry = PrometheusCollectorRegistry()
        let counter = Counter(label: "surety_test_cells_total", factory: MetricsSetup.makeFactory(registry: registry))
        counter.increment(by: 42)
        let server = MetricsServer(
            configuration: .init(address: try loopback()), registry: registry, logger: quietLogger)
        let address = try await server.bind()
        #expect(address.port != 0)
        #expect(server.localAddress == address)

        let response = try await get(address, "/metrics")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.lowercased().contains("content-type: text/plain; version=0.0.4; charset=utf-8"))
        #expect(response.contains("\nsurety_test_cells_total 42\n"))

        counter.increment()
        #expect(try await get(address, "/metrics?x=1").contains("\nsurety_test_cells_total 43\n"))
        await server.close()
    }

    @Test("GET /healthz returns the status closure's JSON; 503 when unhealthy")
    func health() async throws {
        let healthy = NIOLockedValueBox(true)
        let server = MetricsServer(
            configuration: .init(address: try loopback()), logger: quietLogger, metrics: { [] },
            health: {
                let isHealthy = healthy.withLockedValue { $0 }
                return HealthStatus(isHealthy: isHealthy, details: ["consensus_age_s": 12, "role": "relay"])
            })
        let address = try await server.bind()
        let ok = try await get(address, "/healthz")
        #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(ok.hasSuffix("\r\n\r\n{\"status\":\"ok\",\"consensus_age_s\":12,\"role\":\"relay\"}\n"))

        healthy.withLockedValue { $0 = false }
        let unhealthy = try await get(address, "/healthz")
        #expect(unhealthy.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(unhealthy.contains("{\"status\":\"unhealthy\""))
        await server.close()
    }

    @Test("other paths get 404, other methods 405, HEAD no body")
    func routing() async throws {
        let server = MetricsServer(
            configuration: .init(address: try loopback()), logger: quietLogger, metrics: { Array("m 1\n".utf8) })
        let address = try await server.bind()
        #expect(try await get(address, "/").hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(try await get(address, "/metricsx").hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        let post = try await get(address, "/metrics", method: "POST")
        #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(post.lowercased().contains("allow: get, head"))
        let head = try await get(address, "/metrics", method: "HEAD")
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.lowercased().contains("content-length: 4\r\n"))
        #expect(head.hasSuffix("\r\n\r\n"))
        #expect(try await exchange(address, "NONSENSE\r\n\r\n").hasPrefix("HTTP/1.1 400 Bad Request"))
        await server.close()
    }

    @Test("a request larger than the limit gets 413 and is not served")
    func requestSizeLimit() async throws {
        let server = MetricsServer(
            configuration: .init(address: try loopback(), maxRequestBytes: 512), logger: quietLogger,
            metrics: { Array("m 1\n".utf8) })
        let address = try await server.bind()
        let padding = String(repeating: "a", count: 1000)
        let response = try await exchange(address, "GET /metrics HTTP/1.1\r\nX-Pad: \(padding)\r\n\r\n")
        #expect(response.hasPrefix("HTTP/1.1 413 "))
        #expect(!response.contains("m 1"))
        await server.close()
    }

    @Test("connections beyond the limit are closed without a response")
    func connectionLimit() async throws {
        let server = MetricsServer(
            configuration: .init(address: try loopback(), maxConnections: 1), logger: quietLogger,
            metrics: { Array("m 1\n".utf8) })
        let address = try await server.bind()
        // Hold the only slot with a connection that sends nothing.
        let holder = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(to: address).get()
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await get(address, "/metrics") == "")
        try await holder.close()
        // The slot frees once the server sees the close.
        try await waitUntil { try await get(address, "/metrics").hasPrefix("HTTP/1.1 200 OK") }
        await server.close()
    }

    @Test("a connection that never completes its request is closed after the timeout")
    func requestTimeout() async throws {
        let server = MetricsServer(
            configuration: .init(address: try loopback(), requestTimeout: .milliseconds(200)), logger: quietLogger,
            metrics: { [] })
        let address = try await server.bind()
        let start = ContinuousClock.now
        let response = try await exchange(address, "GET /metrics HTTP/1.1\r\n")
        #expect(response == "")
        #expect(ContinuousClock.now - start < .seconds(5))
        await server.close()
    }

    @Test("binding a port in use fails with a clear error")
    func bindConflict() async throws {
        let first = MetricsServer(configuration: .init(address: try loopback()), logger: quietLogger, metrics: { [] })
        let address = try await first.bind()
        let second = MetricsServer(configuration: .init(address: address), logger: quietLogger, metrics: { [] })
        let error = await #expect(throws: ServiceError.self) { try await second.bind() }
        #expect(error?.code == .bindFailed)
        #expect(
            error?.message
                == "metrics server: cannot listen on \(address): the address is already in use (is another daemon using it? change metrics.address)"
        )
        await first.close()
    }

    @Test("graceful shutdown of the service group closes the listener")
    func gracefulShutdownClosesListener() async throws {
        let server = MetricsServer(
            configuration: .init(address: try loopback()), logger: quietLogger, metrics: { Array("m 1\n".utf8) })
        let address = try await server.bind()
        let group = DaemonLifecycle.makeServiceGroup(
            services: [server], logger: quietLogger, gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        #expect(try await get(address, "/metrics").hasPrefix("HTTP/1.1 200 OK"))
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(server.localAddress == nil)
        await #expect(throws: (any Error).self) { _ = try await get(address, "/metrics") }
        await #expect(throws: ServiceError.self) { try await server.bind() }
    }
}

@Suite("MetricsSetup")
struct MetricsSetupTests {
    @Test("bootstrap installs Prometheus as the swift-metrics backend, once per process")
    func bootstrapIsIdempotent() {
        let registry = MetricsSetup.bootstrap()
        #expect(MetricsSetup.bootstrap() === registry)
        #expect(MetricsSetup.registry === registry)
        Counter(label: "surety_setup_test_total", dimensions: [("kind", "probe")]).increment(by: 3)
        #expect(registry.emitToString().contains("surety_setup_test_total{kind=\"probe\"} 3"))
    }
}
