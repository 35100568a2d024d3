import Foundation

/// A measured rate: `units` (bytes or operations) per second.
struct Measurement {
    let name: String
    let unitsPerSecond: Double
    let unit: String
}

/// Minimal timing harness: runs `body` repeatedly for a bounded time (after a warm-up) and reports a
/// rate. Benchmarks print rates next to a same-run reference, never bare times (CLAUDE.md "Standards").
enum Bench {
    /// Timed slices per measurement; the fastest one is reported.
    static let slices = 5

    /// Runs `body` (which processes `unitsPerCall` units) for about `seconds`, bounded by `maxCalls`.
    ///
    /// The budget is cut into `slices` equal slices and the fastest slice's rate is returned. On a
    /// shared machine (parallel builds, other benchmarks) interference only ever slows a slice down,
    /// so the best slice is the steadiest estimate of the uncontended rate, and a reference and the
    /// figure compared with it are estimated the same way.
    static func rate(
        _ name: String, unit: String, unitsPerCall: Double, seconds: Double = 0.5, maxCalls: Int = 50_000_000,
        _ body: () throws -> Void
    ) rethrows -> Measurement {
        let clock = ContinuousClock()
        // Warm-up: a tenth of the budget.
        let warmEnd = clock.now.advanced(by: .milliseconds(Int(seconds * 100)))
        while clock.now < warmEnd { try body() }
        let sliceMilliseconds = max(1, Int(seconds * 1000) / slices)
        var best = 0.0
        for _ in 0..<slices {
            var calls = 0
            let start = clock.now
            let deadline = start.advanced(by: .milliseconds(sliceMilliseconds))
            repeat {
                for _ in 0..<8 { try body() }
                calls += 8
            } while clock.now < deadline && calls < maxCalls / slices
            let elapsed = start.duration(to: clock.now)
            let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = max(best, Double(calls) * unitsPerCall / secs)
        }
        return Measurement(name: name, unitsPerSecond: best, unit: unit)
    }

    static func format(_ value: Double, unit: String) -> String {
        switch unit {
        case "B": return String(format: "%10.1f MB/s", value / 1e6)
        default: return String(format: "%10.0f %@/s", value, unit)
        }
    }

    /// Prints a table row: the figure and its ratio to `reference`, then an optional note.
    /// Ratios below 0.1 get a fourth decimal so that slow operations still show a usable figure.
    static func report(_ m: Measurement, against reference: Measurement, note: String? = nil) {
        let ratio = m.unitsPerSecond / reference.unitsPerSecond
        let figure = format(m.unitsPerSecond, unit: m.unit)
        let ratioText = String(format: ratio < 0.1 ? "%7.4fx" : "%7.3fx", ratio)
        let suffix = note.map { "  (\($0))" } ?? ""
        print(
            "  \(m.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(figure)   "
                + ratioText + "  vs \(reference.name)" + suffix)
    }

    static func header(_ title: String) {
        print("\n== \(title)")
    }
}
