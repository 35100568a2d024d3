// libFuzzer target for ProxyHandshakeStateMachine (SOCKS5 + HTTP CONNECT front end).
//
// Build and run (libFuzzer supplies `main`; a plain `swift build` makes a no-op executable):
//   swift build --product FuzzProxyHandshake --sanitize=fuzzer --sanitize=address --scratch-path .build-fuzz
//   .build-fuzz/debug/FuzzProxyHandshake Fuzz/corpus/FuzzProxyHandshake -max_total_time=60
//
// Input: byte 0 picks the read size (1...16 bytes, or 0 = one read); the rest is what a local client
// sends. Oracles, beyond "no crash, no sanitizer report": every read is consumed; the outcome with that
// split equals the outcome with one read; a `.connect` is answered with `connected()` or `failed(_:)`.
import NIOCore
import SuretyProxy

/// Replies written, how the handshake ended and what `connected()` handed back.
private struct Transcript: Equatable {
    var sent: [[UInt8]] = []
    var request: ProxyRequest?
    var leftover: [UInt8] = []
    var failure: ProxyError.Code?
    var failureReply: [UInt8] = []
}

private func drive(_ chunks: [ArraySlice<UInt8>], succeed: Bool) -> Transcript {
    var machine = ProxyHandshakeStateMachine()
    var transcript = Transcript()
    feeding: for chunk in chunks {
        var buffer = ByteBuffer(bytes: chunk)
        var action = machine.receive(&buffer)
        precondition(buffer.readableBytes == 0, "receive(_:) must take every byte")
        while true {
            switch action {
            case .send(let bytes):
                transcript.sent.append(Array(bytes.readableBytesView))
                action = machine.nextAction()
                continue
            case .needMoreBytes:
                continue feeding
            case .connect(let request):
                precondition(transcript.request == nil, "a second .connect")
                transcript.request = request
                continue feeding
            case .fail(let reply, let error):
                transcript.failure = error.code
                transcript.failureReply = Array(reply.readableBytesView)
                break feeding
            }
        }
    }
    if transcript.request != nil && transcript.failure == nil {
        if succeed {
            guard let established = try? machine.connected() else { fatalError("connected() refused after .connect") }
            precondition(established.reply.readableBytes > 0, "empty success reply")
            transcript.leftover = Array(established.leftover.readableBytesView)
        } else {
            guard let reply = try? machine.failed(.connectionRefused) else {
                fatalError("failed(_:) refused after .connect")
            }
            precondition(reply.readableBytes > 0, "empty failure reply")
        }
    }
    return transcript
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProxyHandshake(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let control = input.first else { return 0 }
    let payload = input[1...]
    let whole = drive([payload], succeed: control & 0x80 == 0)
    let readSize = Int(control & 0x0F)
    if readSize > 0 {
        var chunks: [ArraySlice<UInt8>] = []
        var start = payload.startIndex
        while start < payload.endIndex {
            let end = min(start + readSize, payload.endIndex)
            chunks.append(payload[start..<end])
            start = end
        }
        let split = drive(chunks, succeed: control & 0x80 == 0)
        precondition(split == whole, "outcome depends on how the bytes were split into reads")
    }
    return 0
}
