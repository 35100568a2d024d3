public import NIOCore

/// Typed getters shared by `ConfigFile` (the root table) and `ConfigSection` (nested tables).
///
/// Every getter records the key as known; `ConfigFile.rejectUnknownKeys()` then reports every key
/// in the file that no getter asked for. Values come from the environment override if one is set
/// (see `ConfigFile`), otherwise from the file, otherwise the default.
public protocol ConfigReading: Sendable {
    /// The table the keys are relative to.
    var section: ConfigSection { get }
}

extension ConfigReading {
    /// The value of `key` read as `type`, or nil if it is set neither in the environment nor the file.
    public func value<T>(_ key: String, as type: ConfigType<T>) throws(ConfigError) -> T? {
        let section = self.section
        let path = section.path.appending(ConfigPath(dotted: key))
        guard let source = try section.document.lookup(path) else { return nil }
        switch source {
        case .file(let raw):
            switch type.read(raw) {
            case .success(let value): return value
            case .failure(let mismatch):
                throw ConfigError(
                    .invalidValue, file: section.document.name, key: path.description + mismatch.subpath,
                    reason: mismatch.reason)
            }
        case .environment(let name, let raw):
            return try Self.readEnvironment(
                raw, variable: name, as: type, file: section.document.name, path: path)
        }
    }

    /// The value of `key`, or `defaultValue` if it is not set.
    public func value<T>(_ key: String, as type: ConfigType<T>, default defaultValue: T) throws(ConfigError) -> T {
        try value(key, as: type) ?? defaultValue
    }

    /// The value of `key`; throws `.missingKey` if it is set neither in the file nor the environment.
    public func required<T>(_ key: String, as type: ConfigType<T>) throws(ConfigError) -> T {
        if let found = try value(key, as: type) { return found }
        let section = self.section
        let path = section.path.appending(ConfigPath(dotted: key))
        var reason = "is required: set it to \(type.expected)"
        if let variable = section.document.environmentName(for: path) {
            reason += " in the file or with the environment variable \(variable)"
        }
        throw ConfigError(.missingKey, file: section.document.name, key: path.description, reason: reason)
    }

    // MARK: Convenience getters for the common types.

    public func string(_ key: String, default defaultValue: String) throws(ConfigError) -> String {
        try value(key, as: .string, default: defaultValue)
    }

    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>? = nil) throws(ConfigError)
        -> Int
    {
        if let range { return try value(key, as: .int(in: range), default: defaultValue) }
        return try value(key, as: .int, default: defaultValue)
    }

    public func bool(_ key: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        try value(key, as: .bool, default: defaultValue)
    }

    /// A byte size ("10 MB", "512 KiB" or an integer number of bytes), in bytes.
    public func byteSize(_ key: String, default defaultValue: Int) throws(ConfigError) -> Int {
        try value(key, as: .byteSize, default: defaultValue)
    }

    /// A duration with units ("30s", "5m", "2h").
    public func duration(_ key: String, default defaultValue: Duration) throws(ConfigError) -> Duration {
        try value(key, as: .duration, default: defaultValue)
    }

    /// An address to listen on ("127.0.0.1:9050", "[::1]:9050"; port 0 means any free port).
    public func bindAddress(_ key: String, default defaultValue: SocketAddress) throws(ConfigError) -> SocketAddress {
        try value(key, as: .bindAddress, default: defaultValue)
    }

    /// A list whose elements are read with `element`.
    public func list<Element: Sendable>(_ key: String, of element: ConfigType<Element>, default defaultValue: [Element])
        throws(ConfigError) -> [Element]
    {
        try value(key, as: .list(of: element), default: defaultValue)
    }

    // MARK: Nested tables.

    /// The table at `key`; an absent table gives an empty section, so its keys take their defaults.
    public func section(_ key: String) throws(ConfigError) -> ConfigSection {
        let section = self.section
        let path = section.path.appending(ConfigPath(dotted: key))
        if let raw = try section.document.openContainer(path) {
            guard case .table = raw else {
                throw ConfigError(
                    .invalidValue, file: section.document.name, key: path.description,
                    reason: "must be a table, got \(raw)")
            }
        }
        return ConfigSection(document: section.document, path: path)
    }

    /// The array of tables at `key` (`[[key]]` in TOML), one section each; absent gives [].
    ///
    /// Keys inside these tables cannot be set from the environment.
    public func sections(_ key: String) throws(ConfigError) -> [ConfigSection] {
        let section = self.section
        let path = section.path.appending(ConfigPath(dotted: key))
        guard let raw = try section.document.openContainer(path) else { return [] }
        guard case .array(let values) = raw, values.allSatisfy({ if case .table = $0 { true } else { false } }) else {
            throw ConfigError(
                .invalidValue, file: section.document.name, key: path.description,
                reason: "must be a list of tables ([[\(path.description)]] entries), got \(raw)")
        }
        return values.indices.map { index in
            let elementPath = path.appending(.index(index))
            _ = try? section.document.openContainer(elementPath)
            return ConfigSection(document: section.document, path: elementPath)
        }
    }

    /// Declares keys as known without reading them (settings that only apply in another mode).
    public func acceptKeys(_ keys: String...) {
        let section = self.section
        for key in keys { section.document.accept(section.path.appending(ConfigPath(dotted: key))) }
    }

    /// Reads an environment override: as a TOML value when it parses as one that `type` accepts
    /// (`8080`, `true`, `["a", "b"]`), otherwise as a plain string (`debug`, `127.0.0.1:9100`, `10 MB`).
    static func readEnvironment<T>(
        _ raw: String, variable: String, as type: ConfigType<T>, file: String, path: ConfigPath
    ) throws(ConfigError) -> T {
        var firstFailure: ConfigMismatch?
        if let parsed = TOMLConversion.parseValue(raw) {
            switch type.read(parsed) {
            case .success(let value): return value
            case .failure(let mismatch): firstFailure = mismatch
            }
        }
        switch type.read(.string(raw)) {
        case .success(let value): return value
        case .failure(let mismatch):
            let reported = firstFailure ?? mismatch
            throw ConfigError(
                .invalidValue, file: file, key: path.description + reported.subpath,
                reason: "(from environment variable \(variable)) " + reported.reason)
        }
    }
}
