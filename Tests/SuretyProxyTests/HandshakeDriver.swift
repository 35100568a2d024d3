import NIOCore
import SuretyProxy

/// Everything a client would observe from one handshake: the replies written, and how it ended.
struct HandshakeTranscript: Equatable, CustomStringConvertible {
    enum Outcome: Equatable {
        /// Still waiting for bytes when the input ran out.
        case needMoreBytes
        /// A request came out; `leftover` is what `connected()` handed back after all input was fed.
        case connect(ProxyRequest, leftover: [UInt8])
        case fail(reply: [UInt8], code: ProxyError.Code)
    }

    /// Each `.send`, in order.
    var sent: [[UInt8]] = []
    var outcome: Outcome = .needMoreBytes

    var description: String { "sent \(sent) outcome \(outcome)" }
}

enum HandshakeDriver {
    /// Feeds `chunks` one read at a time, performing actions as a channel handler would.
    static func run(_ chunks: [[UInt8]], earlyDataLimit: Int = 64 * 1024) -> HandshakeTranscript {
        var machine = ProxyHandshakeStateMachine(maximumEarlyDataBytes: earlyDataLimit)
        var transcript = HandshakeTranscript()
        var request: ProxyRequest?
        for chunk in chunks {
            var buffer = ByteBuffer(bytes: chunk)
            var action = machine.receive(&buffer)
            precondition(buffer.readableBytes == 0, "receive must take all bytes")
            loop: while true {
                switch action {
                case .send(let bytes):
                    transcript.sent.append(Array(bytes.readableBytesView))
                    action = machine.nextAction()
                case .needMoreBytes:
                    break loop
                case .connect(let parsed):
                    request = parsed
                    break loop
                case .fail(let reply, let error):
                    transcript.outcome = .fail(reply: Array(reply.readableBytesView), code: error.code)
                    return transcript
                }
            }
        }
        if let request {
            do {
                let established = try machine.connected()
                transcript.outcome = .connect(request, leftover: Array(established.leftover.readableBytesView))
            } catch {
                transcript.outcome = .fail(reply: [], code: error.code)
            }
        }
        return transcript
    }

    static func run(_ bytes: [UInt8]) -> HandshakeTranscript {
        run([bytes])
    }

    /// Splits `bytes` at the given cut points (taken modulo the length, duplicates ignored).
    static func split(_ bytes: [UInt8], at cuts: [Int]) -> [[UInt8]] {
        guard !bytes.isEmpty else { return [bytes] }
        let points = Set(cuts.map { $0 % bytes.count }).sorted()
        var chunks: [[UInt8]] = []
        var start = 0
        for point in points where point > start {
            chunks.append(Array(bytes[start..<point]))
            start = point
        }
        chunks.append(Array(bytes[start...]))
        return chunks
    }
}

extension Array where Element == UInt8 {
    init(ascii text: String) {
        self = Array(text.utf8)
    }
}

func socks5Key(_ credentials: ProxyCredentials? = nil) -> ProxyIsolationKey {
    ProxyIsolationKey(proxyProtocol: .socks5, credentials: credentials)
}

func httpKey(_ credentials: ProxyCredentials? = nil) -> ProxyIsolationKey {
    ProxyIsolationKey(proxyProtocol: .httpConnect, credentials: credentials)
}
