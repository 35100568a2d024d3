import TOMLKit

/// The only place that touches TOMLKit: parse text and copy the result into `ConfigValue`s.
enum TOMLConversion {
    /// Parses a whole document. Failure carries "line L, column C: message".
    static func parseDocument(_ text: String) -> Result<[String: ConfigValue], ParseFailure> {
        do {
            let table = try TOMLTable(string: text)
            guard case .table(let entries) = convert(table) else { return .success([:]) }
            return .success(entries)
        } catch let error as TOMLParseError {
            return .failure(
                ParseFailure(
                    "line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)"))
        } catch {
            return .failure(ParseFailure("\(error)"))
        }
    }

    /// Parses one value as it would appear after `key = ` (for environment overrides).
    static func parseValue(_ text: String) -> ConfigValue? {
        // A value spanning lines could smuggle in extra keys; such text is only ever a plain string.
        guard !text.contains(where: \.isNewline), case .success(let entries) = parseDocument("value = " + text),
            entries.count == 1
        else { return nil }
        return entries["value"]
    }

    private static func convert(_ node: any TOMLValueConvertible) -> ConfigValue {
        switch node.type {
        case .table:
            var entries: [String: ConfigValue] = [:]
            if let table = node.table {
                for (key, value) in table { entries[key] = convert(value) }
            }
            return .table(entries)
        case .array:
            guard let array = node.array else { return .array([]) }
            return .array(array.map { convert($0) })
        case .string:
            return .string(node.string ?? "")
        case .int:
            return .integer(node.int ?? 0)
        case .double:
            return .float(node.double ?? .nan)
        case .bool:
            return .boolean(node.bool ?? false)
        case .date, .time, .dateTime:
            return .dateTime(node.debugDescription)
        }
    }
}
