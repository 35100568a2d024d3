import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SuretyService
import Testing
import UnixSignals

/// Records what happened to it, so tests can assert the order of shutdown.
private final class DrainingService: Service, Sendable {
    let name: String
    let events: NIOLockedValueBox<[String]>

    init(_ name: String, events: NIOLockedValueBox<[String]>) {
        self.name = name
        self.events = events
    }

    func run() async throws {
        events.withLockedValue { $0.append("\(name) started") }
        try? await gracefulShutdown()
        events.withLockedValue { $0.append("\(name) drained") }
    }
}

/// Ignores graceful shutdown; only cancellation ends it.
private struct StubbornService: Service {
    let cancelled: NIOLockedValueBox<Bool>

    func run() async throws {
        do {
            try await Task.sleep(for: .seconds(60))
        } catch {
            cancelled.withLockedValue { $0 = true }
        }
    }
}

private let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

@Suite("DaemonLifecycle")
struct LifecycleTests {
    @Test("graceful shutdown stops services in reverse order and returns")
    func gracefulShutdownOrder() async throws {
        let events = NIOLockedValueBox<[String]>([])
        let group = DaemonLifecycle.makeServiceGroup(
            services: [DrainingService("listener", events: events), DrainingService("state", events: events)],
            logger: quietLogger, gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        try await waitUntil { events.withLockedValue { $0.count } == 2 }
        await group.triggerGracefulShutdown()
        try await running.value
        let log = events.withLockedValue { $0 }
        #expect(Array(log.suffix(2)) == ["state drained", "listener drained"])
    }

    @Test("a service that ignores shutdown is cancelled after the timeout")
    func shutdownTimeout() async throws {
        let cancelled = NIOLockedValueBox(false)
        let group = DaemonLifecycle.makeServiceGroup(
            services: [StubbornService(cancelled: cancelled)], logger: quietLogger,
            shutdownTimeout: .milliseconds(200), gracefulShutdownSignals: [])
        let start = ContinuousClock.now
        let running = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(50))
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        #expect(cancelled.withLockedValue { $0 })
        // Far below the stubborn service's 60 s sleep, with room for a loaded 2-core machine.
        #expect(ContinuousClock.now - start < .seconds(40))
    }

    @Test("SIGHUP calls the reload closure and does not stop the daemon")
    func reloadOnSignal() async throws {
        let reloads = NIOLockedValueBox(0)
        let events = NIOLockedValueBox<[String]>([])
        let group = DaemonLifecycle.makeServiceGroup(
            services: [DrainingService("main", events: events)], logger: quietLogger,
            gracefulShutdownSignals: []
        ) {
            reloads.withLockedValue { $0 += 1 }
        }
        // Trap the signal in this test first, so that no copy sent before the reload service has
        // registered its own source can reach the default action (which ends the process).
        let guardSequence = await UnixSignalsSequence(trapping: .sighup)
        let running = Task { try await group.run() }
        try await waitUntil { events.withLockedValue { $0.count } == 1 }
        // The reload service registers its signal source asynchronously; resend until it is seen.
        try await waitUntil {
            kill(getpid(), SIGHUP)
            try await Task.sleep(for: .milliseconds(20))
            return reloads.withLockedValue { $0 } >= 1
        }
        #expect(events.withLockedValue { $0 } == ["main started"])
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(events.withLockedValue { $0 } == ["main started", "main drained"])
        withExtendedLifetime(guardSequence) {}
    }
}

@Suite("DaemonLifecycle signals")
struct LifecycleSignalTests {
    @Test("SIGTERM shuts the daemon down gracefully")
    func sigtermShutsDown() async throws {
        let events = NIOLockedValueBox<[String]>([])
        // Trap SIGTERM here first so that no copy reaches the default action (process exit)
        // before the service group has registered its own handler.
        let guardSequence = await UnixSignalsSequence(trapping: .sigterm)
        let running = Task {
            try await DaemonLifecycle.run(services: [DrainingService("main", events: events)], logger: quietLogger)
        }
        try await waitUntil { events.withLockedValue { $0.count } == 1 }
        try await waitUntil {
            kill(getpid(), SIGTERM)
            try await Task.sleep(for: .milliseconds(20))
            return events.withLockedValue { $0.count } == 2
        }
        try await running.value
        #expect(events.withLockedValue { $0 } == ["main started", "main drained"])
        withExtendedLifetime(guardSequence) {}
    }
}

/// Polls `condition` for up to `timeout`; fails the test if it never holds.
func waitUntil(
    timeout: Duration = .seconds(60),
    _ condition: () async throws -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
    throw CancellationError()
}
