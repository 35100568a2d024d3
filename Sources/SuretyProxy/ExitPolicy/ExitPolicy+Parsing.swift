extension ExitPolicy {
    /// Largest policy text the parser accepts. Policies arrive in relay descriptors, i.e. from other
    /// parties, so the parser bounds its work before looking at the content.
    public static let maximumTextBytes = 65_536
    /// Largest number of rules the parser accepts.
    public static let maximumRules = 1_024

    /// Parses the text form, one rule per line:
    /// ```
    /// # comment
    /// accept 127.0.0.0/8:*
    /// reject private:*
    /// accept [2001:db8::]/32:80,443,8000-8080
    /// reject *:*
    /// ```
    /// A rule is `accept` or `reject`, whitespace, then `ADDRESS:PORTS` with no spaces inside, as in
    /// Tor's `ExitPolicy` (tor-manual). ADDRESS is `*` (any), `*4`, `*6`, `private`, dotted-quad IPv4
    /// or bracketed IPv6, each optionally `/bits`. PORTS is `*` or a comma list of `N` and `N-M`.
    /// Blank lines and text after `#` are ignored; `\r\n` line ends are accepted.
    /// - Throws: `ExitPolicyError` carrying the 1-based line and byte column of the first problem.
    public init(parsing text: String) throws(ExitPolicyError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= ExitPolicy.maximumTextBytes else {
            throw ExitPolicyError(
                .tooLarge, "policy text is \(bytes.count) bytes; at most \(ExitPolicy.maximumTextBytes)")
        }
        var rules: [ExitPolicyRule] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var content = line
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            if let hash = content.firstIndex(of: UInt8(ascii: "#")) { content = content[..<hash] }
            var parser = ExitPolicyLineParser(line: content, lineStart: line.startIndex, lineNumber: lineNumber)
            guard let rule = try parser.parseRule() else { continue }
            guard rules.count < ExitPolicy.maximumRules else {
                throw ExitPolicyError(
                    .tooLarge, "more than \(ExitPolicy.maximumRules) rules", line: lineNumber, column: 1)
            }
            rules.append(rule)
        }
        self.init(rules: rules)
    }
}

/// Parses one line of policy text; keeps the position so errors can name a column.
private struct ExitPolicyLineParser {
    let line: ArraySlice<UInt8>
    let lineStart: Int
    let lineNumber: Int

    init(line: ArraySlice<UInt8>, lineStart: Int, lineNumber: Int) {
        self.line = line
        self.lineStart = lineStart
        self.lineNumber = lineNumber
    }

    /// Returns `nil` for a blank (or comment-only) line.
    mutating func parseRule() throws(ExitPolicyError) -> ExitPolicyRule? {
        var index = skipSpace(from: line.startIndex)
        guard index < line.endIndex else { return nil }
        let verdictStart = index
        index = wordEnd(from: index)
        let verdictWord = line[verdictStart..<index]
        let verdict: ExitPolicyRule.Verdict
        switch String(decoding: verdictWord, as: UTF8.self) {
        case "accept": verdict = .accept
        case "reject": verdict = .reject
        case let other:
            throw error(.syntax, "expected 'accept' or 'reject', found '\(Self.printable(other))'", at: verdictStart)
        }
        let patternStart = skipSpace(from: index)
        guard patternStart > index, patternStart < line.endIndex else {
            throw error(.syntax, "expected ADDRESS:PORTS after '\(verdict.rawValue)'", at: patternStart)
        }
        let patternEnd = wordEnd(from: patternStart)
        let trailing = skipSpace(from: patternEnd)
        guard trailing == line.endIndex else {
            throw error(.syntax, "unexpected text after the rule (one rule per line)", at: trailing)
        }
        let (addresses, portsStart) = try parseAddress(from: patternStart, to: patternEnd)
        let ports = try parsePorts(from: portsStart, to: patternEnd)
        return ExitPolicyRule(verdict, addresses: addresses, validPorts: ports)
    }

    /// Parses ADDRESS and the `:`; returns the pattern and the index of the first port character.
    private func parseAddress(
        from start: Int, to end: Int
    ) throws(ExitPolicyError) -> (ExitPolicyRule.AddressPattern, Int) {
        let colon = UInt8(ascii: ":")
        if line[start] == UInt8(ascii: "[") {
            guard let close = line[start..<end].firstIndex(of: UInt8(ascii: "]")) else {
                throw error(.invalidAddress, "'[' without a closing ']'", at: start)
            }
            guard let address = IPv6Address.parse(line[(start + 1)..<close]) else {
                throw error(.invalidAddress, "not an IPv6 address inside [ ]", at: start + 1)
            }
            let separator = line[close..<end].firstIndex(of: colon) ?? end
            guard separator < end else { throw error(.syntax, "expected ':' and ports after the address", at: end) }
            let length = try parsePrefixLength(line[(close + 1)..<separator], at: close + 1, maximum: 128)
            return (try pattern(.v6(address), length: length ?? 128, at: start), separator + 1)
        }
        guard let separator = line[start..<end].firstIndex(of: colon) else {
            throw error(.syntax, "expected ':' between the address and the ports", at: end)
        }
        let text = line[start..<separator]
        switch String(decoding: text, as: UTF8.self) {
        case "*": return (.any, separator + 1)
        case "*4": return (.anyIPv4, separator + 1)
        case "*6": return (.anyIPv6, separator + 1)
        case "private": return (.privateRanges, separator + 1)
        default: break
        }
        if line[start..<end].filter({ $0 == colon }).count > 1 {
            throw error(.invalidAddress, "IPv6 addresses must be written in brackets, e.g. [::1]:80", at: start)
        }
        let slash = text.firstIndex(of: UInt8(ascii: "/")) ?? separator
        guard let address = IPv4Address.parse(line[start..<slash]) else {
            let shown = Self.printable(String(decoding: line[start..<slash], as: UTF8.self))
            throw error(
                .invalidAddress, "'\(shown)' is not *, *4, *6, private, an IPv4 address or a [bracketed] IPv6 address",
                at: start)
        }
        let length = try parsePrefixLength(line[slash..<separator], at: slash, maximum: 32)
        return (try pattern(.v4(address), length: length ?? 32, at: start), separator + 1)
    }

    /// Parses an optional `/bits` suffix (empty text means none).
    private func parsePrefixLength(
        _ text: ArraySlice<UInt8>, at position: Int, maximum: Int
    ) throws(ExitPolicyError) -> Int? {
        guard let first = text.first else { return nil }
        guard first == UInt8(ascii: "/") else {
            throw error(.invalidAddress, "unexpected characters after the address", at: position)
        }
        let digits = text.dropFirst()
        guard let value = Self.decimal(digits, maximumDigits: 3), value <= maximum else {
            throw error(.invalidPrefixLength, "prefix length must be a number from 0 to \(maximum)", at: position + 1)
        }
        return value
    }

    private func pattern(
        _ address: IPAddress, length: Int, at position: Int
    ) throws(ExitPolicyError) -> ExitPolicyRule.AddressPattern {
        guard let prefix = IPAddressPrefix(address, length: length) else {
            throw error(.invalidPrefixLength, "prefix length out of range", at: position)
        }
        return .prefix(prefix)
    }

    /// Parses `*` or `N[-M](,N[-M])*`.
    private func parsePorts(from start: Int, to end: Int) throws(ExitPolicyError) -> [ClosedRange<UInt16>] {
        let text = line[start..<end]
        if text.elementsEqual("*".utf8) { return [ExitPolicyRule.allPorts] }
        guard !text.isEmpty else { throw error(.invalidPort, "expected ports ('*', N or N-M) after ':'", at: start) }
        var ranges: [ClosedRange<UInt16>] = []
        for item in text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let position = item.startIndex
            let parts = item.split(separator: UInt8(ascii: "-"), maxSplits: 1, omittingEmptySubsequences: false)
            guard let low = Self.port(parts[0]) else {
                throw error(.invalidPort, "a port is a number from 1 to 65535 (or '*')", at: position)
            }
            var high = low
            if parts.count == 2 {
                guard let value = Self.port(parts[1]) else {
                    throw error(.invalidPort, "a port is a number from 1 to 65535", at: parts[1].startIndex)
                }
                guard value >= low else {
                    throw error(.invalidPort, "port range \(low)-\(value) is reversed", at: position)
                }
                high = value
            }
            ranges.append(low...high)
        }
        return ranges
    }

    private func skipSpace(from start: Int) -> Int {
        var index = start
        while index < line.endIndex, line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") {
            index += 1
        }
        return index
    }

    private func wordEnd(from start: Int) -> Int {
        var index = start
        while index < line.endIndex, line[index] != UInt8(ascii: " ") && line[index] != UInt8(ascii: "\t") {
            index += 1
        }
        return index
    }

    private func error(_ code: ExitPolicyError.Code, _ message: String, at index: Int) -> ExitPolicyError {
        ExitPolicyError(code, message, line: lineNumber, column: index - lineStart + 1)
    }

    private static func port(_ text: ArraySlice<UInt8>) -> UInt16? {
        guard let value = decimal(text, maximumDigits: 5), (1...65535).contains(value) else { return nil }
        return UInt16(value)
    }

    /// Plain ASCII decimal with a digit bound (no sign, no spaces), so no text can overflow it.
    private static func decimal(_ text: ArraySlice<UInt8>, maximumDigits: Int) -> Int? {
        guard !text.isEmpty, text.count <= maximumDigits else { return nil }
        var value = 0
        for byte in text {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Error messages echo input; keep them short and free of control characters.
    private static func printable(_ text: String) -> String {
        let cleaned = text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
        return cleaned.count > 40 ? String(cleaned.prefix(40)) + "…" : String(cleaned)
    }
}
