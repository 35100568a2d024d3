import Foundation
import Logging
import NIOCore
import NIOPosix
import SuretyRelay
import SuretyService
import SuretyTestSupport
import Testing

/// The exit notice page (issue 7 §3: "an exit serves a short notice page on HTTP explaining what
/// the address is and where abuse reports go"), fetched with the real curl over loopback.
@Suite struct ExitNoticeTests {
    static let page = ExitNoticePage(
        nickname: "TestExit", identity: String(repeating: "ab", count: 32),
        contact: "abuse@example.org <script>alert(1)</script>", isExit: true,
        exitPolicy: "reject private:*\naccept *:80,443\nreject *:*")

    func withServer(
        maxRequestBytes: Int = 8192, _ body: (ExitNoticeServer) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await ExitNoticeServer.start(
            configuration: .init(
                address: try SocketAddress(ipAddress: "127.0.0.1", port: 0), maxRequestBytes: maxRequestBytes),
            page: Self.page, group: group, logger: .init(label: "test"))
        do {
            try await body(server)
        } catch {
            await server.stop()
            try await group.shutdownGracefully()
            throw error
        }
        await server.stop()
        try await group.shutdownGracefully()
    }

    @Test func getServesThePageWithTheContactEscapedOnAnyPath() async throws {
        try await withServer { server in
            for path in ["/", "/index.html", "/some/path?x=1"] {
                let result = try await Curl.run(["--include", "http://127.0.0.1:\(server.port)\(path)"], timeout: 10)
                #expect(result.status == 0, "\(result.stderr)")
                let text = String(decoding: result.body, as: UTF8.self)
                #expect(text.hasPrefix("HTTP/1.1 200 OK"))
                #expect(text.contains("Content-Type: text/html; charset=utf-8"))
                #expect(text.contains("This is a Surety relay"))
                #expect(text.contains("exit relay"))
                #expect(text.contains("TestExit"))
                #expect(text.contains(String(repeating: "ab", count: 32)))
                #expect(text.contains("accept *:80,443"))
                // The operator's text is escaped: no markup from the configuration reaches the page.
                #expect(text.contains("abuse@example.org &lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!text.contains("<script>"))
            }
        }
    }

    @Test func headHasNoBodyAndOtherMethodsGet405() async throws {
        try await withServer { server in
            let head = try await Curl.run(["--head", "http://127.0.0.1:\(server.port)/"], timeout: 10)
            #expect(head.status == 0, "\(head.stderr)")
            let headText = String(decoding: head.body, as: UTF8.self)
            #expect(headText.hasPrefix("HTTP/1.1 200 OK"))
            #expect(!headText.contains("<html"))
            let post = try await Curl.run(
                ["--include", "--data", "x=1", "http://127.0.0.1:\(server.port)/"], timeout: 10)
            let postText = String(decoding: post.body, as: UTF8.self)
            #expect(postText.hasPrefix("HTTP/1.1 405"))
            #expect(postText.contains("Allow: GET, HEAD"))
        }
    }

    @Test func anOversizedRequestGets413() async throws {
        try await withServer(maxRequestBytes: 1024) { server in
            let big = String(repeating: "a", count: 4000)
            let result = try await Curl.run(
                ["--include", "--header", "X-Padding: \(big)", "http://127.0.0.1:\(server.port)/"], timeout: 10)
            #expect(String(decoding: result.body, as: UTF8.self).hasPrefix("HTTP/1.1 413"))
            // The server still answers the next, well-formed request.
            let next = try await Curl.run(["http://127.0.0.1:\(server.port)/"], timeout: 10)
            #expect(String(decoding: next.body, as: UTF8.self).contains("This is a Surety relay"))
        }
    }

    @Test func aMiddleRelaysPageSaysItSendsNoTrafficOut() {
        var page = Self.page
        page.isExit = false
        #expect(page.html.contains("does not connect to other sites"))
        #expect(!page.html.contains("Exit policy"))
    }

    @Test func configReadsTheNoticeKeysAndRequiresAContact() throws {
        let base = "nickname = \"n\"\ndata_dir = \"/tmp/unused\"\n[link]\nlisten = \"127.0.0.1:7000\"\n"
        let off = try RelayDaemonConfig(reading: ConfigFile(contents: base, name: "relay.toml"))
        // Listening on all addresses without saying which one to publish is refused, naming the key.
        let unspecified = "nickname = \"n\"\ndata_dir = \"/tmp/unused\"\n"
        #expect(throws: ConfigError.self) {
            try RelayDaemonConfig(reading: ConfigFile(contents: unspecified, name: "relay.toml"))
        }
        #expect(off.noticeListen == nil)
        let on = try RelayDaemonConfig(
            reading: ConfigFile(
                contents: base + "[exit]\nnotice_listen = \"127.0.0.1:8080\"\nnotice_contact = \"abuse@example.org\"\n",
                name: "relay.toml"))
        #expect(on.noticeListen?.port == 8080)
        #expect(on.noticeContact == "abuse@example.org")
        #expect(throws: ConfigError.self) {
            try RelayDaemonConfig(
                reading: ConfigFile(
                    contents: base + "[exit]\nnotice_listen = \"127.0.0.1:8080\"\n", name: "relay.toml"))
        }
    }

    @Test func aTakenPortIsReportedWithTheKey() async throws {
        try await withServer { server in
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            do {
                let second = try await ExitNoticeServer.start(
                    configuration: .init(address: try SocketAddress(ipAddress: "127.0.0.1", port: server.port)),
                    page: Self.page, group: group, logger: .init(label: "test"))
                Issue.record("binding a taken port succeeded")
                await second.stop()
            } catch let error as ExitNoticeError {
                #expect("\(error)".contains("exit.notice_listen"))
                #expect("\(error)".contains("already in use"))
            }
            try await group.shutdownGracefully()
        }
    }
}
