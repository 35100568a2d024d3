import Foundation
import NIOCore
import NIOPosix
import SuretyClient
import SuretyCrypto
import SuretyNet
import SuretyRelay
import SuretyTestSupport
import Testing

/// Misbehaving peers and refused streams: each gets the specified error or teardown, and the
/// relay keeps serving the next client (issue "Onion circuits end to end" §5).
@Suite(.serialized) struct FailureTests {
    func fetchIndex(_ network: TestNetwork, user: String? = nil) async throws -> Curl.Result {
        try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/", user: user, timeout: 30)
    }

    /// Opens a raw TCP connection, writes `bytes`, and reports whether the peer closed it within 15 s.
    func peerCloses(afterSending bytes: [UInt8], toPort port: Int, group: any EventLoopGroup) async throws -> Bool {
        let channel = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await channel.writeAndFlush(buffer)
        let closed: Bool = await withTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                (try? await channel.closeFuture.get()) != nil
            }
            tasks.addTask {
                try? await Task.sleep(for: .seconds(15))
                return false
            }
            let first = await tasks.next() ?? false
            tasks.cancelAll()
            return first
        }
        if !closed { try? await channel.close() }
        return closed
    }

    @Test func garbageAndTruncatedHandshakesCloseTheLinkAndTheRelayKeepsServing() async throws {
        let network = try await TestNetwork.start()
        let guardPort = network.relays[0].port
        // Garbage: a frame length then random bytes that are no Noise message.
        #expect(
            try await peerCloses(
                afterSending: [0x00, 0x30] + SecureRandom.bytes(count: 48), toPort: guardPort, group: network.group))
        // A zero-length frame is malformed.
        #expect(try await peerCloses(afterSending: [0x00, 0x00], toPort: guardPort, group: network.group))
        // Truncated: the peer announces 48 bytes and sends 10, then goes quiet: the handshake timeout closes it.
        #expect(
            try await peerCloses(
                afterSending: [0x00, 0x30] + [UInt8](repeating: 1, count: 10), toPort: guardPort, group: network.group))
        let result = try await fetchIndex(network)
        #expect(result.status == 0, "\(result.stderr)")
        await network.stop()
    }

    @Test func unknownCellCommandClosesTheLink() async throws {
        let network = try await TestNetwork.start()
        let relay = network.relayInfos[0]
        let loop = network.group.next()
        let bound = try await loop.submit { NIOLoopBound(ProbeDelegate(), eventLoop: loop) }.get()
        let closed = loop.makePromise(of: Void.self)
        try await loop.flatSubmit { () -> EventLoopFuture<Void> in
            bound.value.closed = closed
            return TestMemberLink.dial(relay, delegate: bound.value, eventLoop: loop).map { link in
                // Command 99 does not exist (Docs/SPEC.md §3.3): the relay must close the link.
                link.appendCell(circuitID: 0x8000_0001, command: 99) { _ in }
            }
        }.get()
        try await closed.futureResult.get()
        let result = try await fetchIndex(network)
        #expect(result.status == 0, "\(result.stderr)")
        await network.stop()
    }

    @Test func exitPolicyRejectionAndUnresolvableNamesGetTheRightSOCKSReplies() async throws {
        let network = try await TestNetwork.start()
        // 10.1.2.3 is private: the testnet exit policy rejects it → SOCKS reply 0x02 (curl exit 97).
        let rejected = try await Curl.viaSOCKS(port: network.client.proxyPort, url: "http://10.1.2.3:80/", timeout: 30)
        #expect(rejected.status != 0)
        // curl prints the SOCKS5 reply code in parentheses.
        #expect(rejected.stderr.contains("(2)"), "\(rejected.stderr)")
        // A name that cannot resolve → host unreachable (0x04).
        let unresolvable = try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://no-such-host.invalid/", timeout: 30)
        #expect(unresolvable.status != 0)
        #expect(unresolvable.stderr.contains("(4)"), "\(unresolvable.stderr)")
        // A closed port on loopback → connection refused (0x05).
        let refused = try await Curl.viaSOCKS(port: network.client.proxyPort, url: "http://127.0.0.1:1/", timeout: 30)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("(5)"), "\(refused.stderr)")
        let ok = try await fetchIndex(network)
        #expect(ok.status == 0, "\(ok.stderr)")
        await network.stop()
    }

    @Test func killedRelayEndsTheStreamAndTheClientBuildsAroundIt() async throws {
        let network = try await TestNetwork.start()
        // Learn a path for an isolation key, then fetch on it so the circuit is in use.
        let first = try await fetchIndex(network, user: "victim")
        #expect(first.status == 0, "\(first.stderr)")
        // Kill the middle relay of the circuit that carried the stream.
        let paths = try await network.client.usedCircuitPaths()
        #expect(paths.count == 1)
        let middle = try #require(paths.first?[1])
        let victim = try #require(network.relays.first { $0.configuration.nickname == middle })
        await victim.stop()
        // The next request on the same isolation key must still succeed (a rebuilt circuit).
        var result = try await fetchIndex(network, user: "victim")
        if result.status != 0 {
            // The first attempt may land on the dying circuit; the client must recover by the next.
            result = try await fetchIndex(network, user: "victim")
        }
        #expect(result.status == 0, "\(result.stderr)")
        await network.stop()
    }

    @Test func hundredConcurrentStreamsAllComplete() async throws {
        let network = try await TestNetwork.start()
        let port = network.client.proxyPort
        let site = network.site.port
        let results = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for index in 0..<100 {
                tasks.addTask {
                    let size = 10_000 + index * 97
                    let result = try await Curl.viaSOCKS(
                        port: port, url: "http://127.0.0.1:\(site)/bytes/\(size)", user: "iso\(index % 4)", timeout: 90)
                    return result.status == 0 && result.body == TestHTTPServer.body(count: size)
                }
            }
            var all: [Bool] = []
            for try await ok in tasks { all.append(ok) }
            return all
        }
        #expect(results.count == 100)
        #expect(results.allSatisfy { $0 })
        await network.stop()
    }
}

/// A link delegate that only notices closure.
final class ProbeDelegate: CellLinkDelegate {
    var closed: EventLoopPromise<Void>?
    func linkEstablished(_ link: CellLink) {}
    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer) {}
    func linkReadBurstFinished(_ link: CellLink) {}
    func linkClosed(_ link: CellLink, error: (any Error)?) { closed?.succeed() }
    func linkWritabilityChanged(_ link: CellLink) {}
    func shouldRead(_ link: CellLink) -> Bool { true }
}

/// The local proxy port protects itself from slow or stalled local clients.
@Suite(.serialized) struct ProxyFrontEndLimitTests {
    func closedWithin(_ seconds: Int, port: Int, group: any EventLoopGroup, send: [UInt8] = []) async throws -> Bool {
        let channel = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        if !send.isEmpty {
            var buffer = channel.allocator.buffer(capacity: send.count)
            buffer.writeBytes(send)
            // On a loaded machine the proxy may already have closed us: that also counts as closed.
            try? await channel.writeAndFlush(buffer)
        }
        let closed: Bool = await withTaskGroup(of: Bool.self) { tasks in
            tasks.addTask { (try? await channel.closeFuture.get()) != nil }
            tasks.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await tasks.next() ?? false
            tasks.cancelAll()
            return first
        }
        if !closed { try? await channel.close() }
        return closed
    }

    @Test func unfinishedHandshakesAreClosedAfterTheTimeout() async throws {
        let network = try await TestNetwork.start { config in
            var config = config
            config.proxyHandshakeTimeout = .seconds(1)
            return config
        }
        // A SOCKS5 greeting that never sends its request: closed after ~1 s.
        #expect(try await closedWithin(10, port: network.client.proxyPort, group: network.group, send: [5, 1, 0]))
        // Nothing at all: also closed.
        #expect(try await closedWithin(10, port: network.client.proxyPort, group: network.group))
        await network.stop()
    }

    @Test func pendingHandshakesAreCapped() async throws {
        let network = try await TestNetwork.start { config in
            var config = config
            config.maxPendingProxyHandshakes = 2
            config.proxyHandshakeTimeout = .seconds(30)
            return config
        }
        var stalled: [any Channel] = []
        for _ in 0..<2 {
            stalled.append(
                try await ClientBootstrap(group: network.group).connect(
                    host: "127.0.0.1", port: network.client.proxyPort
                ).get())
        }
        try await Task.sleep(for: .milliseconds(300))
        // The third pending handshake is refused at once.
        #expect(try await closedWithin(5, port: network.client.proxyPort, group: network.group))
        for channel in stalled { try? await channel.close() }
        try await Task.sleep(for: .milliseconds(300))
        // Once they are gone, requests are served again.
        let result = try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/", timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        await network.stop()
    }
}
