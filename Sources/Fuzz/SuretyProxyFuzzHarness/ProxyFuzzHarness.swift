import NIOCore
import SuretyProxy

/// The property checks each SuretyProxy fuzz target runs on one input. Shared by the libFuzzer
/// executables (Sources/Fuzz/FuzzProxyHandshake, Sources/Fuzz/FuzzExitPolicy) and by the tests that
/// replay the seed corpus (SuretyProxyTests), in the shape of SuretyWire's `FuzzHarness`.
///
/// Beyond "never crash, never trip a sanitizer", a violated property stops the process on purpose
/// (`precondition`): that is how a fuzzer reports a finding. Nothing here is used in production code.
public enum ProxyFuzzHarness {
    /// `ProxyHandshakeStateMachine` on what a local client sends.
    ///
    /// Byte 0 is control: bits 0–3 pick a read size (1–15 bytes; 0 skips the split run), bit 6 doubles
    /// the payload (so inputs can pass the 8 KiB head bound under a short `-max_len`), bit 7 makes the
    /// service report a failure instead of success. The rest is the client's bytes. Properties: every
    /// read is consumed; the outcome with that read size equals the outcome with one read; a `.connect`
    /// comes at most once and is answered by `connected()` or `failed(_:)` with a non-empty reply.
    public static func handshake(_ input: UnsafeRawBufferPointer) {
        guard let control = input.first else { return }
        var payload = Array(input.dropFirst())
        if control & 0x40 != 0 { payload += payload }
        let succeed = control & 0x80 == 0
        let whole = drive([payload[...]], succeed: succeed)
        let readSize = Int(control & 0x0F)
        guard readSize > 0 else { return }
        var chunks: [ArraySlice<UInt8>] = []
        var start = payload.startIndex
        while start < payload.endIndex {
            let end = min(start + readSize, payload.endIndex)
            chunks.append(payload[start..<end])
            start = end
        }
        check(drive(chunks, succeed: succeed) == whole, "outcome depends on how the bytes were split into reads")
    }

    /// `ExitPolicy` text parsing and matching. Properties: a parsed policy's canonical text parses back
    /// to the same policy and is a fixed point; a parse error names a line inside the text and a
    /// column ≥ 1; `mightAllow(port:)` is never false where `allows(address:port:)` is true.
    public static func exitPolicy(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        let text = String(decoding: bytes, as: UTF8.self)
        let policy: ExitPolicy
        switch Result(catching: { () throws(ExitPolicyError) in try ExitPolicy(parsing: text) }) {
        case .success(let parsed):
            policy = parsed
        case .failure(let error):
            if let line = error.line, let column = error.column {
                let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
                check(line >= 1 && line <= lines, "error line \(line) outside the text")
                check(column >= 1, "error column \(column) before the line")
            } else {
                check(error.code == .tooLarge, "a parse error without a position")
            }
            return
        }
        let canonical = policy.canonicalText
        let reparsed = try? ExitPolicy(parsing: canonical)
        check(reparsed == policy, "canonical text parses to a different policy")
        check(reparsed?.canonicalText == canonical, "canonical text is not a fixed point")

        // Probe the rules' own edges and addresses taken from the input.
        var addresses: [IPAddress] = [
            .v4(IPv4Address(127, 0, 0, 1)), .v6(.loopback), .v4(IPv4Address(93, 184, 216, 34)),
        ]
        var ports: [UInt16] = [0, 1, 80, 443, 65535]
        for rule in policy.rules.prefix(32) {
            if case .prefix(let prefix) = rule.addresses { addresses.append(prefix.address) }
            for range in rule.ports.prefix(4) { ports += [range.lowerBound, range.upperBound, range.lowerBound &- 1] }
        }
        if let v6 = IPv6Address(bytes: bytes.suffix(16)) {
            addresses += [.v6(v6), .v6(IPv6Address(ipv4Mapped: IPv4Address(UInt32(truncatingIfNeeded: v6.low))))]
        }
        if let v4 = IPv4Address(bytes: bytes.suffix(4)) { addresses.append(.v4(v4)) }
        for port in ports {
            let might = policy.mightAllow(port: port)
            for address in addresses where policy.allows(address: address, port: port) {
                check(might, "allows(\(address), \(port)) but not mightAllow(\(port))")
            }
        }
    }

    /// Replies written, how the handshake ended and what `connected()` handed back.
    private struct Transcript: Equatable {
        var sent: [[UInt8]] = []
        var request: ProxyRequest?
        var leftover: [UInt8] = []
        var failure: ProxyError.Code?
        var failureReply: [UInt8] = []
    }

    private static func drive(_ chunks: [ArraySlice<UInt8>], succeed: Bool) -> Transcript {
        var machine = ProxyHandshakeStateMachine()
        var transcript = Transcript()
        feeding: for chunk in chunks {
            var buffer = ByteBuffer(bytes: chunk)
            var action = machine.receive(&buffer)
            check(buffer.readableBytes == 0, "receive(_:) must take every byte")
            while true {
                switch action {
                case .send(let bytes):
                    check(bytes.readableBytes > 0, "empty .send")
                    transcript.sent.append(Array(bytes.readableBytesView))
                    action = machine.nextAction()
                case .needMoreBytes:
                    continue feeding
                case .connect(let request):
                    check(transcript.request == nil, "a second .connect")
                    transcript.request = request
                    continue feeding
                case .fail(let reply, let error):
                    transcript.failure = error.code
                    transcript.failureReply = Array(reply.readableBytesView)
                    break feeding
                }
            }
        }
        guard transcript.request != nil, transcript.failure == nil else { return transcript }
        if succeed {
            let established = try? machine.connected()
            check((established?.reply.readableBytes ?? 0) > 0, "connected() gave no reply after .connect")
            transcript.leftover = established.map { Array($0.leftover.readableBytesView) } ?? []
        } else {
            let reply = try? machine.failed(.connectionRefused)
            check((reply?.readableBytes ?? 0) > 0, "failed(_:) gave no reply after .connect")
        }
        return transcript
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        precondition(condition, "fuzz property violated: \(message())")
    }
}
