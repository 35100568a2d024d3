public import Logging
import NIOConcurrencyHelpers

/// A swift-log handler that writes one structured line per event: timestamp, level, label,
/// message, then metadata sorted by key (logfmt or JSON, see `LogFormat`).
///
/// Control characters and quotes in messages and metadata are escaped, so a value taken from the
/// network can never forge a second log line. Sensitive values are scrubbed by wrapping them in
/// `Redacted` before they reach the logger; the handler itself does not guess what is sensitive.
public struct StructuredLogHandler: LogHandler {
    /// Where the level comes from: a fixed value, or the process-wide one `LogSetup` can change.
    enum LevelSource: Sendable {
        case fixed(Logger.Level)
        case shared(NIOLockedValueBox<Logger.Level>)
    }

    public let label: String
    public let format: LogFormat
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let sink: LogSink
    private let levelSource: LevelSource
    private var levelOverride: Logger.Level?
    private let timestamp: @Sendable () -> String

    /// A handler with a fixed level (tests, embedders). Executables use `LogSetup.bootstrap`.
    public init(
        label: String,
        format: LogFormat = .logfmt,
        level: Logger.Level = .info,
        sink: LogSink = .standardError,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.init(
            label: label, format: format, levelSource: .fixed(level), sink: sink, metadataProvider: metadataProvider,
            timestamp: POSIX.utcTimestamp)
    }

    init(
        label: String,
        format: LogFormat,
        levelSource: LevelSource,
        sink: LogSink,
        metadataProvider: Logger.MetadataProvider?,
        timestamp: @escaping @Sendable () -> String
    ) {
        self.label = label
        self.format = format
        self.levelSource = levelSource
        self.sink = sink
        self.metadataProvider = metadataProvider
        self.timestamp = timestamp
    }

    /// Setting the level on one logger affects only that logger (swift-log's value semantics);
    /// otherwise the level follows `LogSetup.level`, which SIGHUP reloads may change.
    public var logLevel: Logger.Level {
        get {
            if let levelOverride { return levelOverride }
            switch levelSource {
            case .fixed(let level): return level
            case .shared(let box): return box.withLockedValue { $0 }
            }
        }
        set { levelOverride = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let eventMetadata = event.metadata {
            merged.merge(eventMetadata) { _, new in new }
        }
        if let error = event.error {
            merged["error"] = .string("\(error)")
        }
        let line: String
        switch format {
        case .logfmt:
            line = Self.logfmtLine(
                timestamp: timestamp(), level: event.level, label: label, message: event.message.description,
                metadata: merged)
        case .json:
            line = Self.jsonLine(
                timestamp: timestamp(), level: event.level, label: label, message: event.message.description,
                metadata: merged)
        }
        sink.write(line)
    }

    // MARK: logfmt

    static func logfmtLine(
        timestamp: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var fields: [(String, String)] = [
            ("ts", timestamp), ("level", level.rawValue), ("label", label), ("msg", message),
        ]
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            flatten(value, key: logfmtKey(key), into: &fields)
        }
        return fields.map { "\($0.0)=\(logfmtValue($0.1))" }.joined(separator: " ") + "\n"
    }

    private static func flatten(_ value: Logger.MetadataValue, key: String, into fields: inout [(String, String)]) {
        switch value {
        case .dictionary(let entries):
            for inner in entries.keys.sorted() {
                guard let innerValue = entries[inner] else { continue }
                flatten(innerValue, key: key + "." + logfmtKey(inner), into: &fields)
            }
        default:
            fields.append((key, plainText(value)))
        }
    }

    private static func plainText(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return "[" + values.map(plainText).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            return "{"
                + entries.keys.sorted().map { "\($0): \(entries[$0].map(plainText) ?? "")" }.joined(
                    separator: ", ") + "}"
        }
    }

    /// Keys keep [A-Za-z0-9_.-]; anything else becomes "_" so a key can never break the line.
    static func logfmtKey(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        return String(
            String.UnicodeScalarView(
                key.unicodeScalars.map { scalar in
                    isPlainKeyScalar(scalar) ? scalar : "_"
                }))
    }

    private static func isPlainKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            || scalar == "." || scalar == "-"
    }

    /// Bare when safe, otherwise double-quoted with \" \\ \n \r \t and \u{…} escapes.
    static func logfmtValue(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty
            || value.unicodeScalars.contains { scalar in
                scalar == " " || scalar == "=" || scalar == "\"" || scalar == "\\" || scalar.value < 0x20
                    || scalar.value == 0x7F || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator
            }
        guard needsQuotes else { return value }
        return "\"" + escaped(value) + "\""
    }

    private static func escaped(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    // MARK: JSON

    static func jsonLine(
        timestamp: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var out = "{\"ts\":\(jsonString(timestamp)),\"level\":\(jsonString(level.rawValue)),"
        out += "\"label\":\(jsonString(label)),\"msg\":\(jsonString(message))"
        if !metadata.isEmpty {
            out += ",\"metadata\":" + jsonValue(.dictionary(metadata))
        }
        return out + "}\n"
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return jsonString(text)
        case .stringConvertible(let convertible): return jsonString(convertible.description)
        case .array(let values): return "[" + values.map(jsonValue).joined(separator: ",") + "]"
        case .dictionary(let entries):
            return "{"
                + entries.keys.sorted().map { key in
                    "\(jsonString(key)):\(entries[key].map(jsonValue) ?? "null")"
                }.joined(separator: ",") + "}"
        }
    }

    /// RFC 8259 §7 string escaping (plus U+2028/U+2029 so the line stays one line everywhere).
    static func jsonString(_ value: String) -> String {
        "\"" + escaped(value) + "\""
    }
}
