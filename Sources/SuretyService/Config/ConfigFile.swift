import Foundation

/// A TOML configuration file with typed, validated getters (see `ConfigReading`).
///
/// Implements issue 7 §3 and Docs/CONFIG.md: every error names the file, the dotted key and the
/// reason; keys in the file that the daemon never reads are errors (`rejectUnknownKeys()`), so a
/// typo fails at start instead of being ignored; environment variables override file values.
///
/// Environment overrides: `SURETY_` + the dotted key with "." and "-" replaced by "_", upper-cased
/// (`bandwidth.rate` -> `SURETY_BANDWIDTH_RATE`, `safe_logging` -> `SURETY_SAFE_LOGGING`). The value
/// is read as a TOML value when it is one of the type the key expects (`8080`, `true`,
/// `["a", "b"]`), otherwise as a plain string without quotes (`debug`, `127.0.0.1:9100`, `10 MB`).
/// Keys inside lists of tables (`[[authorities]]`) cannot be overridden.
///
/// Typical use in a daemon:
/// ```swift
/// let config = try ConfigFile.load(path: options.config) { file throws(ConfigError) in
///     try RelayConfig(file)   // reads every key it knows with defaults
/// }
/// ```
public struct ConfigFile: ConfigReading, Sendable {
    /// Files larger than this are refused: a configuration is a few KiB, a huge one is a mistake.
    public static let maximumSize = 1 << 20
    public static let defaultEnvironmentPrefix = "SURETY_"

    public let section: ConfigSection

    /// This process's environment variables (the default source of overrides).
    public static var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// The file name used in messages (the path as given).
    public var name: String { section.document.name }

    /// Loads and parses the file at `path`.
    public init(
        path: String,
        environment: [String: String] = ConfigFile.processEnvironment,
        environmentPrefix: String = ConfigFile.defaultEnvironmentPrefix
    ) throws(ConfigError) {
        let bytes: [UInt8]
        do {
            bytes = try SecureFile.read(path: path, maxBytes: Self.maximumSize)
        } catch {
            throw ConfigError(
                .unreadableFile, file: path, key: nil,
                reason: "cannot read the configuration file: \(error.message)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(.unreadableFile, file: path, key: nil, reason: "the file is not valid UTF-8")
        }
        try self.init(contents: text, name: path, environment: environment, environmentPrefix: environmentPrefix)
    }

    /// Parses `contents`; `name` stands for the file in messages.
    public init(
        contents: String,
        name: String,
        environment: [String: String] = [:],
        environmentPrefix: String = ConfigFile.defaultEnvironmentPrefix
    ) throws(ConfigError) {
        guard !contents.unicodeScalars.contains("\0") else {
            throw ConfigError(.syntax, file: name, key: nil, reason: "the file contains a NUL byte")
        }
        switch TOMLConversion.parseDocument(contents) {
        case .success(let root):
            let document = ConfigDocument(
                name: name, root: root, environment: environment, environmentPrefix: environmentPrefix)
            section = ConfigSection(document: document, path: .root)
        case .failure(let failure):
            throw ConfigError(.syntax, file: name, key: nil, reason: "invalid TOML at \(failure.detail)")
        }
    }

    /// Throws `.unknownKey` naming the first key in the file that no getter read, with a
    /// suggestion when it looks like a typo of a known key, and listing any others.
    public func rejectUnknownKeys() throws(ConfigError) {
        let unknown = section.document.unknownPaths()
        guard let first = unknown.first else { return }
        var reason = "is not a known setting"
        if let suggestion = Self.suggestion(for: first.description, among: section.document.knownNames) {
            reason += " (did you mean `\(suggestion)`?)"
        }
        if unknown.count > 1 {
            reason += "; other unknown keys: " + unknown.dropFirst().map { "`\($0)`" }.joined(separator: ", ")
        }
        throw ConfigError(.unknownKey, file: name, key: first.description, reason: reason)
    }

    /// Environment variables with the prefix that no getter consulted (misspelt overrides); daemons
    /// should log them as warnings.
    public var unusedEnvironmentVariables: [String] {
        section.document.unusedEnvironmentNames
    }

    /// Loads `path`, lets `build` read every setting, then rejects unknown keys.
    public static func load<T>(
        path: String,
        environment: [String: String] = ConfigFile.processEnvironment,
        _ build: (ConfigFile) throws(ConfigError) -> T
    ) throws(ConfigError) -> T {
        let file = try ConfigFile(path: path, environment: environment)
        let result = try build(file)
        try file.rejectUnknownKeys()
        return result
    }

    /// The closest known key within a small edit distance, if any.
    static func suggestion(for key: String, among known: [String]) -> String? {
        let limit = max(1, min(3, key.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(key, candidate)
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
