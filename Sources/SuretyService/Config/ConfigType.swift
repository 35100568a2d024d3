/// How to read one configuration value: what it must look like and how to turn it into `Value`.
///
/// Daemons compose these (`.int(in: 1...65535)`, `.list(of: .socketAddress)`,
/// `.int.validated("a positive integer (bytes/s)") { $0 > 0 }`) instead of writing parsers, so every
/// key gets the same error wording: "key `x` must be <expected>, got <value>".
public struct ConfigType<Value: Sendable>: Sendable {
    /// What a valid value looks like, phrased to follow "must be ".
    public let expected: String
    let parse: @Sendable (ConfigValue) -> Result<Value, ConfigMismatch>

    /// A custom type. `parse` returns a `ConfigMismatch` (usually built with `mismatch(_:detail:)`)
    /// for values it refuses.
    public init(expected: String, parse: @escaping @Sendable (ConfigValue) -> Result<Value, ConfigMismatch>) {
        self.expected = expected
        self.parse = parse
    }

    /// Reads `value`, or explains why it is refused.
    public func read(_ value: ConfigValue) -> Result<Value, ConfigMismatch> {
        parse(value)
    }

    /// A mismatch for `value` using this type's `expected` text.
    public func mismatch(_ value: ConfigValue, detail: String? = nil) -> ConfigMismatch {
        ConfigMismatch(expected: expected, actual: value, detail: detail)
    }

    /// Adds a check on the parsed value; `expected` replaces the description in messages.
    public func validated(
        _ expected: String,
        _ isValid: @escaping @Sendable (Value) -> Bool
    ) -> ConfigType<Value> {
        let base = self
        return ConfigType(expected: expected) { raw in
            switch base.parse(raw) {
            case .success(let value):
                return isValid(value) ? .success(value) : .failure(ConfigMismatch(expected: expected, actual: raw))
            case .failure(var mismatch):
                if mismatch.subpath.isEmpty { mismatch.expected = expected }
                return .failure(mismatch)
            }
        }
    }

    /// Converts the parsed value; a `nil` result is refused with `expected` (default: unchanged).
    public func map<Other: Sendable>(
        expected: String? = nil,
        _ transform: @escaping @Sendable (Value) -> Other?
    ) -> ConfigType<Other> {
        let base = self
        let description = expected ?? base.expected
        return ConfigType<Other>(expected: description) { raw in
            switch base.parse(raw) {
            case .success(let value):
                if let converted = transform(value) { return .success(converted) }
                return .failure(ConfigMismatch(expected: description, actual: raw))
            case .failure(var mismatch):
                if mismatch.subpath.isEmpty { mismatch.expected = description }
                return .failure(mismatch)
            }
        }
    }
}

extension ConfigType where Value == String {
    /// Any TOML string.
    public static var string: ConfigType<String> {
        ConfigType(expected: "a string") { raw in
            if case .string(let value) = raw { return .success(value) }
            return .failure(ConfigMismatch(expected: "a string", actual: raw))
        }
    }

    /// A string that is not empty.
    public static var nonEmptyString: ConfigType<String> {
        string.validated("a non-empty string") { !$0.isEmpty }
    }

    /// One of a fixed set of words, e.g. log formats.
    public static func oneOf(_ choices: [String]) -> ConfigType<String> {
        let expected = "one of " + choices.map { ConfigValue.quoted($0) }.joined(separator: ", ")
        return string.validated(expected) { choices.contains($0) }
    }
}

extension ConfigType where Value == Int {
    /// Any TOML integer (64-bit).
    public static var int: ConfigType<Int> {
        ConfigType(expected: "an integer") { raw in
            if case .integer(let value) = raw { return .success(value) }
            return .failure(ConfigMismatch(expected: "an integer", actual: raw))
        }
    }

    /// An integer in `range`, inclusive.
    public static func int(in range: ClosedRange<Int>) -> ConfigType<Int> {
        int.validated("an integer from \(range.lowerBound) to \(range.upperBound)") { range.contains($0) }
    }

    /// An integer of at least `minimum`.
    public static func int(atLeast minimum: Int) -> ConfigType<Int> {
        if minimum == 1 {
            return int.validated("a positive integer") { $0 >= 1 }
        }
        return int.validated("an integer of at least \(minimum)") { $0 >= minimum }
    }

    /// A TCP/UDP port number (1-65535).
    public static var port: ConfigType<Int> {
        int.validated("a port number from 1 to 65535") { (1...65535).contains($0) }
    }
}

extension ConfigType where Value == Bool {
    /// `true` or `false` (TOML booleans only: "yes" or 1 are refused so intent is never guessed).
    public static var bool: ConfigType<Bool> {
        ConfigType(expected: "true or false") { raw in
            if case .boolean(let value) = raw { return .success(value) }
            return .failure(ConfigMismatch(expected: "true or false", actual: raw))
        }
    }
}

extension ConfigType where Value == Double {
    /// A number; integers are accepted too.
    public static var number: ConfigType<Double> {
        ConfigType(expected: "a number") { raw in
            switch raw {
            case .float(let value) where value.isFinite: return .success(value)
            case .integer(let value): return .success(Double(value))
            default: return .failure(ConfigMismatch(expected: "a number", actual: raw))
            }
        }
    }
}

extension ConfigType {
    /// A TOML array whose every element is read with `element`; errors name the element index.
    public static func list<Element: Sendable>(
        of element: ConfigType<Element>,
        count: ClosedRange<Int> = 0...Int.max
    ) -> ConfigType<[Element]> where Value == [Element] {
        var description = "a list"
        if count.lowerBound > 0 || count.upperBound < Int.max {
            description +=
                count.upperBound == Int.max
                ? " of at least \(count.lowerBound) entries" : " of \(count.lowerBound) to \(count.upperBound) entries"
        }
        description += ", each \(element.expected)"
        let expected = description
        return ConfigType<[Element]>(expected: expected) { raw in
            guard case .array(let values) = raw else {
                return .failure(ConfigMismatch(expected: expected, actual: raw))
            }
            guard count.contains(values.count) else {
                return .failure(
                    ConfigMismatch(expected: expected, actual: raw, detail: "it has \(values.count) entries"))
            }
            var result: [Element] = []
            result.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                switch element.parse(value) {
                case .success(let parsed): result.append(parsed)
                case .failure(var mismatch):
                    mismatch.subpath = "[\(index)]" + mismatch.subpath
                    return .failure(mismatch)
                }
            }
            return .success(result)
        }
    }
}
