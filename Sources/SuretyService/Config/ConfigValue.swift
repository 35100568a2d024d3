/// A value from a configuration file, copied out of the TOML parser into a plain Sendable tree.
///
/// TOMLKit's tables are reference types over C++ nodes; copying once at load time keeps the rest
/// of the configuration layer free of them and lets environment overrides use the same type.
public enum ConfigValue: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// A TOML date, time or date-time, kept as its TOML text: no Surety setting uses one today.
    case dateTime(String)
    case array([ConfigValue])
    case table([String: ConfigValue])

    /// What kind of value this is, for messages ("got a table").
    public var kindDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a floating-point number"
        case .boolean: "a boolean"
        case .dateTime: "a date/time"
        case .array: "a list"
        case .table: "a table"
        }
    }

    /// The value as it would be written in TOML, shortened so error messages stay one line.
    public var description: String {
        let rendered = renderedTOML
        if rendered.count > 80 {
            return String(rendered.prefix(77)) + "..."
        }
        return rendered
    }

    var renderedTOML: String {
        switch self {
        case .string(let value): return Self.quoted(value)
        case .integer(let value): return String(value)
        case .float(let value): return String(value)
        case .boolean(let value): return value ? "true" : "false"
        case .dateTime(let value): return value
        case .array(let values): return "[" + values.map(\.renderedTOML).joined(separator: ", ") + "]"
        case .table(let entries):
            let body = entries.keys.sorted().map { "\($0) = \(entries[$0]?.renderedTOML ?? "")" }
            return "{ " + body.joined(separator: ", ") + " }"
        }
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
