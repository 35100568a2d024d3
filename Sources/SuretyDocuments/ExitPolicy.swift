/// An exit policy as published in a relay descriptor: ordered `accept`/`reject` rules in Tor's
/// torrc syntax, e.g. `accept *:80-443`, `reject 10.0.0.0/8:*`, `reject *:*` (SPEC-DOCUMENTS §D.3).
///
/// The directory only needs the *summary* (which ports a general destination may use, for path
/// selection before resolution); the exit itself enforces the full policy on resolved addresses.
public struct ExitPolicy: Hashable, Sendable {
    public struct Rule: Hashable, Sendable {
        public var accept: Bool
        /// nil: any address (`*`); otherwise the rule's address text (CIDR allowed).
        public var address: String?
        public var ports: ClosedRange<UInt16>
    }

    public let rules: [Rule]
    /// The rules as published (one string each).
    public let text: [String]

    public static let maximumRules = 256

    public init(_ text: [String]) throws {
        guard text.count <= Self.maximumRules else {
            throw DocumentError(.invalidField, "an exit policy has at most \(Self.maximumRules) rules")
        }
        self.text = text
        rules = try text.map(Self.parse)
    }

    /// `reject *:*`: not an exit.
    public static let rejectAll = try! ExitPolicy(["reject *:*"])

    private static func parse(_ line: String) throws -> Rule {
        let words = line.split(separator: " ")
        guard words.count == 2, words[0] == "accept" || words[0] == "reject",
            let colon = words[1].lastIndex(of: ":")
        else { throw DocumentError(.invalidField, "exit policy rule \"\(line)\" is not \"accept|reject ADDR:PORTS\"") }
        let address = String(words[1][..<colon])
        let portText = words[1][words[1].index(after: colon)...]
        guard !address.isEmpty, address.utf8.count <= 64,
            address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: " ") })
        else { throw DocumentError(.invalidField, "exit policy rule \"\(line)\" has a bad address") }
        let ports: ClosedRange<UInt16>
        if portText == "*" {
            ports = 1...65535
        } else if let dash = portText.firstIndex(of: "-") {
            guard let low = UInt16(portText[..<dash]), let high = UInt16(portText[portText.index(after: dash)...]),
                low >= 1, low <= high
            else { throw DocumentError(.invalidField, "exit policy rule \"\(line)\" has a bad port range") }
            ports = low...high
        } else {
            guard let port = UInt16(portText), port >= 1 else {
                throw DocumentError(.invalidField, "exit policy rule \"\(line)\" has a bad port")
            }
            ports = port...port
        }
        return Rule(accept: words[0] == "accept", address: address == "*" ? nil : address, ports: ports)
    }

    /// Port ranges the exit *might* accept (for path selection before the client knows the
    /// destination address): for each port, rules are read in order; an `accept` rule covering the
    /// port (for any address) says yes, a `reject *:` rule covering it says no, and a `reject` for
    /// specific addresses only narrows, so it is skipped. The exit still enforces its exact policy
    /// on the resolved address and answers END(EXITPOLICY). A loopback testnet exit
    /// (`accept 127.0.0.0/8:*`, `reject *:*`) is therefore an exit for every port.
    public var acceptedPorts: [ClosedRange<UInt16>] {
        // Boundaries where the decision can change.
        var cuts: Set<Int> = [1, 65536]
        for rule in rules {
            cuts.insert(Int(rule.ports.lowerBound))
            cuts.insert(Int(rule.ports.upperBound) + 1)
        }
        let sorted = cuts.sorted()
        var result: [ClosedRange<UInt16>] = []
        for (start, end) in zip(sorted, sorted.dropFirst()) {
            let port = UInt16(start)
            let decision =
                rules.first { rule in rule.ports.contains(port) && (rule.accept || rule.address == nil) }?.accept
                ?? false
            guard decision else { continue }
            let range = UInt16(start)...UInt16(end - 1)
            if let last = result.last, Int(last.upperBound) + 1 == start {
                result[result.count - 1] = last.lowerBound...range.upperBound
            } else {
                result.append(range)
            }
        }
        return result
    }
}
