// libFuzzer target for the ExitPolicy text parser and matcher.
//
// Build and run (libFuzzer supplies `main`; a plain `swift build` makes a no-op executable):
//   swift build --product FuzzExitPolicy --sanitize=fuzzer --sanitize=address --scratch-path .build-fuzz
//   .build-fuzz/debug/FuzzExitPolicy Fuzz/corpus/FuzzExitPolicy -max_total_time=60
//
// Input: policy text (any bytes; the parser must refuse what is not a policy). Oracles, beyond "no
// crash": a parsed policy's canonical text parses back to the same policy and is a fixed point; errors
// carry a line and column inside the text; `mightAllow(port:)` is never false where `allows` is true.
import SuretyProxy

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExitPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    let policy: ExitPolicy
    do {
        policy = try ExitPolicy(parsing: text)
    } catch {
        if let line = error.line, let column = error.column {
            let lineCount = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
            precondition(line >= 1 && line <= lineCount, "error line \(line) outside the text")
            precondition(column >= 1, "error column \(column) before the line")
        }
        return 0
    }
    let canonical = policy.canonicalText
    guard let reparsed = try? ExitPolicy(parsing: canonical) else { fatalError("canonical text does not parse") }
    precondition(reparsed == policy, "canonical text parses to a different policy")
    precondition(reparsed.canonicalText == canonical, "canonical text is not a fixed point")

    // Probe addresses and ports taken from the input and from the rules' own edges.
    var addresses: [IPAddress] = [.v4(IPv4Address(127, 0, 0, 1)), .v6(.loopback), .v4(IPv4Address(93, 184, 216, 34))]
    for rule in policy.rules {
        if case .prefix(let prefix) = rule.addresses { addresses.append(prefix.address) }
    }
    if bytes.count >= 16, let v6 = IPv6Address(bytes: bytes.suffix(16)) { addresses.append(.v6(v6)) }
    if bytes.count >= 4, let v4 = IPv4Address(bytes: bytes.suffix(4)) { addresses.append(.v4(v4)) }
    var ports: [UInt16] = [0, 1, 80, 443, 65535]
    for rule in policy.rules {
        for range in rule.ports { ports += [range.lowerBound, range.upperBound, range.lowerBound &- 1] }
    }
    for port in ports.prefix(64) {
        let might = policy.mightAllow(port: port)
        for address in addresses.prefix(64) where policy.allows(address: address, port: port) {
            precondition(might, "allows(\(address), \(port)) but not mightAllow(\(port))")
        }
    }
    return 0
}
