import Logging
import NIOConcurrencyHelpers
import NIOCore
import SuretyService
import Testing

/// Collects the lines a handler writes.
private final class CapturedLines: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var sink: LogSink { LogSink { line in self.lines.withLockedValue { $0.append(line) } } }
    var all: [String] { lines.withLockedValue { $0 } }
}

private func makeLogger(
    _ capture: CapturedLines, format: LogFormat = .logfmt, level: Logger.Level = .info
) -> Logger {
    Logger(label: "surety.test") { label in
        StructuredLogHandler(label: label, format: format, level: level, sink: capture.sink)
    }
}

@Suite("Safe logging")
struct SafeLoggingTests {
    @Test("Redacted prints [scrubbed] while safe logging is on, the value when off")
    func redactedFollowsSwitch() throws {
        let policy = SafeLogging()
        let address = Redacted(try SocketAddress(ipAddress: "192.0.2.7", port: 443), policy: policy)
        #expect(policy.isEnabled)
        #expect("\(address)" == "[scrubbed]")
        #expect(String(reflecting: address) == "[scrubbed]")
        var dumped = ""
        dump(address, to: &dumped)
        #expect(!dumped.contains("192.0.2.7"))

        policy.isEnabled = false
        #expect("\(address)".contains("192.0.2.7"))
    }

    @Test("the shared switch is on by default and .redacted uses it")
    func sharedDefault() {
        #expect(SafeLogging.shared.isEnabled)
        #expect("\("example.com:80".redacted)" == "[scrubbed]")
    }

    @Test("metadata wrapped with .redacted is scrubbed when the line is written")
    func scrubbedInLogLines() {
        let capture = CapturedLines()
        let policy = SafeLogging()
        let logger = makeLogger(capture)
        logger.info(
            "stream opened",
            metadata: ["dest": .redacted("example.com:443", policy: policy), "circ": "17"])
        policy.isEnabled = false
        logger.info("stream opened", metadata: ["dest": .redacted("example.com:443", policy: policy)])
        let lines = capture.all
        #expect(lines.count == 2)
        #expect(lines[0].contains("dest=[scrubbed]"))
        #expect(!lines[0].contains("example.com"))
        #expect(lines[1].contains("dest=example.com:443"))
    }

    @Test("logfmt lines: timestamp, level, label, message, sorted metadata, escaped values")
    func logfmtFormat() throws {
        let capture = CapturedLines()
        var logger = makeLogger(capture)
        logger[metadataKey: "relay"] = "alpha"
        logger.warning("link closed\nlevel=critical fake", metadata: ["reason": "peer \"reset\"", "a b": "1"])
        let line = try #require(capture.all.first)
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false, "an embedded newline must not split the line")
        let timestamp = try #require(line.split(separator: " ").first)
        #expect(timestamp.hasPrefix("ts=20") && timestamp.hasSuffix("Z"))
        let rest = line.drop { $0 != " " }.dropFirst()
        #expect(
            rest
                == "level=warning label=surety.test msg=\"link closed\\nlevel=critical fake\" a_b=1 reason=\"peer \\\"reset\\\"\" relay=alpha\n"
        )
    }

    @Test("JSON lines are one object with metadata nested")
    func jsonFormat() throws {
        let capture = CapturedLines()
        let logger = makeLogger(capture, format: .json)
        logger.error("bad \"cell\"", metadata: ["ids": ["1", "2"], "peer": .redacted("198.51.100.1")])
        let line = try #require(capture.all.first)
        #expect(line.hasPrefix("{\"ts\":\""))
        #expect(
            line.hasSuffix(
                ",\"level\":\"error\",\"label\":\"surety.test\",\"msg\":\"bad \\\"cell\\\"\",\"metadata\":{\"ids\":[\"1\",\"2\"],\"peer\":\"[scrubbed]\"}}\n"
            ))
    }

    @Test("the level filters events, and one logger's level does not change another's")
    func levels() {
        let capture = CapturedLines()
        var verbose = makeLogger(capture, level: .info)
        let normal = verbose
        verbose.logLevel = .debug
        verbose.debug("shown")
        normal.debug("hidden")
        normal.info("shown too")
        #expect(capture.all.count == 2)
        #expect(capture.all.allSatisfy { !$0.contains("hidden") })
    }
}
