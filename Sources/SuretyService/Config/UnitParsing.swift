/// Parsers for the human-friendly units of configuration values ("10 MB", "512 KiB", "1h30m").
///
/// Units follow IEC 80000-13: KB/MB/GB/TB are powers of 1000 and KiB/MiB/GiB/TiB powers of 1024,
/// unlike Tor's torrc where "KB" means 1024. Unit names are case-insensitive.
/// Why a unit value or address was refused; `detail` is shown in parentheses in messages.
struct ParseFailure: Error {
    var detail: String
    init(_ detail: String) { self.detail = detail }
}

enum UnitParsing {
    static let byteUnits: [(name: String, multiplier: Int)] = [
        ("b", 1), ("byte", 1), ("bytes", 1),
        ("kb", 1_000), ("kib", 1 << 10),
        ("mb", 1_000_000), ("mib", 1 << 20),
        ("gb", 1_000_000_000), ("gib", 1 << 30),
        ("tb", 1_000_000_000_000), ("tib", 1 << 40),
    ]

    static let durationUnits: [(name: String, milliseconds: Int)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses "10 MB", "1.5 GiB", "512KiB" or "4096" into bytes. Failure carries a detail message.
    static func byteCount(_ text: String) -> Result<Int, ParseFailure> {
        var scanner = Scanner(text)
        scanner.skipSpaces()
        guard let whole = scanner.digits() else {
            return .failure(ParseFailure("expected a number followed by a unit"))
        }
        var fraction: (value: Int, digits: Int)?
        if scanner.consume(".") {
            guard let digits = scanner.digitString(), digits.count <= 9, let value = Int(digits) else {
                return .failure(ParseFailure("write at most 9 digits after the decimal point"))
            }
            fraction = (value, digits.count)
        }
        scanner.skipSpaces()
        let unit = scanner.rest().lowercased()
        let multiplier: Int
        if unit.isEmpty {
            guard fraction == nil else { return .failure(ParseFailure("a fractional size needs a unit")) }
            multiplier = 1
        } else if let entry = byteUnits.first(where: { $0.name == unit }) {
            multiplier = entry.multiplier
        } else {
            return .failure(
                ParseFailure("unknown unit \(ConfigValue.quoted(unit)); use B, KB, KiB, MB, MiB, GB, GiB, TB or TiB"))
        }
        guard let wholeValue = Int(whole) else { return .failure(ParseFailure("too large")) }
        let (product, overflow) = wholeValue.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return .failure(ParseFailure("too large")) }
        var total = product
        if let fraction {
            var scale = 1
            for _ in 0..<fraction.digits { scale *= 10 }
            // fraction.value < 10^9 and multiplier <= 2^40, so the product fits in 64 bits.
            let (sum, sumOverflow) = total.addingReportingOverflow(fraction.value * multiplier / scale)
            guard !sumOverflow else { return .failure(ParseFailure("too large")) }
            total = sum
        }
        return .success(total)
    }

    /// Parses "30s", "5m", "2h", "1h30m", "250ms" or "1d" into milliseconds.
    static func milliseconds(_ text: String) -> Result<Int, ParseFailure> {
        var scanner = Scanner(text)
        var total = 0
        var components = 0
        scanner.skipSpaces()
        while !scanner.isAtEnd {
            guard let digits = scanner.digits() else {
                return .failure(ParseFailure("expected a number followed by a unit"))
            }
            scanner.skipSpaces()
            let unit = scanner.letters().lowercased()
            guard !unit.isEmpty else { return .failure(ParseFailure("a unit is required: ms, s, m, h or d")) }
            guard let entry = durationUnits.first(where: { $0.name == unit }) else {
                return .failure(ParseFailure("unknown unit \(ConfigValue.quoted(unit)); use ms, s, m, h or d"))
            }
            guard let value = Int(digits) else { return .failure(ParseFailure("too large")) }
            let (part, overflow) = value.multipliedReportingOverflow(by: entry.milliseconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(part)
            guard !overflow, !sumOverflow else { return .failure(ParseFailure("too large")) }
            total = sum
            components += 1
            scanner.skipSpaces()
        }
        guard components > 0 else { return .failure(ParseFailure("expected a number followed by a unit")) }
        return .success(total)
    }

    /// "1h30m", "250ms", "0s": the inverse of `milliseconds(_:)` for messages.
    static func formatMilliseconds(_ total: Int) -> String {
        guard total > 0 else { return total == 0 ? "0s" : "-" + formatMilliseconds(-total) }
        var rest = total
        var out = ""
        for (name, size) in durationUnits.reversed() where rest >= size {
            out += "\(rest / size)\(name)"
            rest %= size
        }
        return out
    }

    /// "10 MiB", "1 GB" or "1500 bytes": the shortest exact spelling, for messages.
    static func formatBytes(_ count: Int) -> String {
        for (name, size) in [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where count >= size && count % size == 0 {
            return "\(count / size) \(name)"
        }
        for (name, size) in [("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)]
        where count >= size && count % size == 0 {
            return "\(count / size) \(name)"
        }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }

    /// A minimal cursor over the Unicode scalars of a value.
    struct Scanner {
        private let scalars: [Unicode.Scalar]
        private var index = 0

        init(_ text: String) { scalars = Array(text.unicodeScalars) }

        var isAtEnd: Bool { index >= scalars.count }

        mutating func skipSpaces() {
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        }

        mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }

        /// Digits with leading zeros removed (at least "0"); nil if none.
        mutating func digits() -> String? {
            guard let text = digitString() else { return nil }
            let trimmed = text.drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }

        mutating func digitString() -> String? {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            guard index > start else { return nil }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        mutating func letters() -> String {
            let start = index
            while index < scalars.count, scalars[index].properties.isAlphabetic { index += 1 }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        mutating func rest() -> String {
            let start = index
            index = scalars.count
            var end = scalars.count
            while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
            return String(String.UnicodeScalarView(scalars[start..<end]))
        }
    }
}
