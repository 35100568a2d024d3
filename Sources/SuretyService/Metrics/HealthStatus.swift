/// What GET /healthz reports: 200 with `{"status":"ok",…}` when healthy, 503 with
/// `{"status":"unhealthy",…}` otherwise. Details are daemon-specific (consensus age, links).
public struct HealthStatus: Sendable, Hashable {
    /// A detail value, written as a JSON string, integer or boolean.
    public enum Value: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
        ExpressibleByBooleanLiteral
    {
        case string(String)
        case integer(Int)
        case boolean(Bool)

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int) { self = .integer(value) }
        public init(booleanLiteral value: Bool) { self = .boolean(value) }

        var json: String {
            switch self {
            case .string(let text): return StructuredLogHandler.jsonString(text)
            case .integer(let number): return String(number)
            case .boolean(let flag): return flag ? "true" : "false"
            }
        }
    }

    public var isHealthy: Bool
    public var details: [String: Value]

    public init(isHealthy: Bool = true, details: [String: Value] = [:]) {
        self.isHealthy = isHealthy
        self.details = details
    }

    public static let ok = HealthStatus()

    /// `{"status":"ok","consensus_age_s":12}` with keys sorted (details cannot override "status").
    var json: String {
        var fields = ["\"status\":" + StructuredLogHandler.jsonString(isHealthy ? "ok" : "unhealthy")]
        for key in details.keys.sorted() where key != "status" {
            guard let value = details[key] else { continue }
            fields.append(StructuredLogHandler.jsonString(key) + ":" + value.json)
        }
        return "{" + fields.joined(separator: ",") + "}\n"
    }
}
