import SuretyClient
import SuretyRelay
import SuretyTestSupport
import Testing

@Suite(.serialized) struct EndToEndTests {
    @Test func clientBuildsAThreeHopCircuit() async throws {
        let network = try await TestNetwork.start()
        let path = try await network.client.buildCircuit()
        #expect(path.count == 3)
        #expect(Set(path).count == 3)
        await network.stop()
    }

    @Test func curlFetchesSmallAndLargeBodiesThroughThreeRelays() async throws {
        let network = try await TestNetwork.start()
        let small = try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/bytes/1024")
        #expect(small.status == 0, "\(small.stderr)")
        #expect(small.body == TestHTTPServer.body(count: 1024))
        let size = 50 * 1024 * 1024
        let large = try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/bytes/\(size)", timeout: 120)
        #expect(large.status == 0, "\(large.stderr)")
        #expect(large.body.count == size)
        #expect(large.body == TestHTTPServer.body(count: size))
        await network.stop()
    }

    @Test func httpConnectOnTheSamePortWorks() async throws {
        let network = try await TestNetwork.start()
        let result = try await Curl.run(
            [
                "--proxytunnel", "--proxy", "http://127.0.0.1:\(network.client.proxyPort)",
                "http://127.0.0.1:\(network.site.port)/bytes/5000",
            ], timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.body == TestHTTPServer.body(count: 5000))
        await network.stop()
    }
}

@Suite(.serialized) struct RateLimitTests {
    /// Relays with a 1 MB/s bandwidth rate (1 MB burst) cannot carry 4 MB in under ~3 s: the lower
    /// bound holds however loaded the machine is (a slower machine only takes longer).
    @Test func relayBandwidthRateIsEnforced() async throws {
        var limits = RelayLimits()
        limits.bandwidthRate = 1_000_000
        limits.bandwidthBurst = 1_000_000
        let network = try await TestNetwork.start(relayLimits: limits)
        let size = 4_000_000
        let start = ContinuousClock.now
        let result = try await Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/bytes/\(size)", timeout: 120)
        let elapsed = start.duration(to: .now)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.body.count == size)
        #expect(elapsed >= .seconds(2), "4 MB crossed 1 MB/s relays in \(elapsed)")
        await network.stop()
    }
}
