/// Why a `ConfigType` refused a value; `ConfigFile` turns it into a `ConfigError` naming file and key.
public struct ConfigMismatch: Error, Hashable, Sendable {
    /// What the key must be, phrased to follow "must be ": "a positive integer (bytes/s)".
    public var expected: String
    /// The value that was refused (for a list, the refused element).
    public var actual: ConfigValue
    /// An optional extra explanation, printed in parentheses after the value.
    public var detail: String?
    /// Appended to the key in messages, e.g. "[2]" for the third element of a list.
    public var subpath: String

    public init(expected: String, actual: ConfigValue, detail: String? = nil, subpath: String = "") {
        self.expected = expected
        self.actual = actual
        self.detail = detail
        self.subpath = subpath
    }

    /// "must be a positive integer (bytes/s), got -3".
    var reason: String {
        var text = "must be \(expected), got \(actual)"
        if let detail { text += " (\(detail))" }
        return text
    }
}
