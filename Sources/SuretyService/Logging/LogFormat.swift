/// How `StructuredLogHandler` writes a line.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `ts=… level=info label=surety.relay msg="link opened" peer=[scrubbed]`, one event per line.
    case logfmt
    /// One JSON object per line, for log shippers.
    case json
}
