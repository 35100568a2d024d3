import SuretyClient
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
        let small = try Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/bytes/1024")
        #expect(small.status == 0, "\(small.stderr)")
        #expect(small.body == TestHTTPServer.body(count: 1024))
        let size = 50 * 1024 * 1024
        let large = try Curl.viaSOCKS(
            port: network.client.proxyPort, url: "http://127.0.0.1:\(network.site.port)/bytes/\(size)", timeout: 120)
        #expect(large.status == 0, "\(large.stderr)")
        #expect(large.body.count == size)
        #expect(large.body == TestHTTPServer.body(count: size))
        await network.stop()
    }
}
