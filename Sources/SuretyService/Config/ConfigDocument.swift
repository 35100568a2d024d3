import NIOConcurrencyHelpers

/// One loaded configuration file plus the bookkeeping of which keys the daemon has read, so that
/// keys nobody reads can be reported as unknown (a typo must not be silently ignored).
final class ConfigDocument: Sendable {
    let name: String
    let root: [String: ConfigValue]
    /// Only the variables that start with `environmentPrefix`.
    let environment: [String: String]
    let environmentPrefix: String
    private let reads = NIOLockedValueBox(Reads())

    struct Reads {
        /// Paths read as a whole value: everything below them is accepted.
        var leaves: Set<ConfigPath> = []
        /// Tables and lists of tables that were opened; their entries are checked one by one.
        var containers: Set<ConfigPath> = []
        var environmentNames: Set<String> = []
    }

    /// Where a value came from, for messages.
    enum Source {
        case file(ConfigValue)
        case environment(name: String, raw: String)
    }

    init(name: String, root: [String: ConfigValue], environment: [String: String], environmentPrefix: String) {
        self.name = name
        self.root = root
        self.environmentPrefix = environmentPrefix
        self.environment = environment.filter { $0.key.hasPrefix(environmentPrefix) }
    }

    /// The environment variable that overrides `path`, or nil for paths inside lists of tables.
    ///
    /// Rule (Docs/CONFIG.md "Environment overrides"): prefix + the dotted key with "." and "-"
    /// replaced by "_", upper-cased: `bandwidth.rate` -> `SURETY_BANDWIDTH_RATE`.
    func environmentName(for path: ConfigPath) -> String? {
        guard let keys = path.plainKeys, !keys.isEmpty else { return nil }
        let mapped = keys.joined(separator: "_").unicodeScalars.map { scalar -> Character in
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) {
                return Character(scalar)
            }
            return "_"
        }
        return environmentPrefix + String(mapped).uppercased()
    }

    /// Records that the daemon reads `path` as one value and returns where its value comes from.
    func lookup(_ path: ConfigPath) throws(ConfigError) -> Source? {
        reads.withLockedValue { reads in
            reads.leaves.insert(path)
            for ancestor in path.ancestors { reads.containers.insert(ancestor) }
        }
        if let name = environmentName(for: path), let raw = environment[name] {
            _ = reads.withLockedValue { $0.environmentNames.insert(name) }
            return .environment(name: name, raw: raw)
        }
        return try fileValue(at: path).map { .file($0) }
    }

    /// Records that `path` is opened as a table or list of tables and returns its value in the file.
    func openContainer(_ path: ConfigPath) throws(ConfigError) -> ConfigValue? {
        reads.withLockedValue { reads in
            reads.containers.insert(path)
            for ancestor in path.ancestors { reads.containers.insert(ancestor) }
        }
        return try fileValue(at: path)
    }

    /// Declares `path` known without reading it.
    func accept(_ path: ConfigPath) {
        reads.withLockedValue { reads in
            reads.leaves.insert(path)
            for ancestor in path.ancestors { reads.containers.insert(ancestor) }
        }
    }

    /// The value in the file at `path`; throws if a parent on the way is not a table or list.
    func fileValue(at path: ConfigPath) throws(ConfigError) -> ConfigValue? {
        var current: ConfigValue = .table(root)
        var walked = ConfigPath.root
        for component in path.components {
            switch (component, current) {
            case (.key(let key), .table(let entries)):
                guard let next = entries[key] else { return nil }
                current = next
            case (.index(let index), .array(let values)):
                guard values.indices.contains(index) else { return nil }
                current = values[index]
            case (.key, _):
                throw ConfigError(
                    .invalidValue, file: name, key: walked.description,
                    reason: "must be a table, got \(current)")
            case (.index, _):
                throw ConfigError(
                    .invalidValue, file: name, key: walked.description,
                    reason: "must be a list of tables, got \(current)")
            }
            walked = walked.appending(component)
        }
        return current
    }

    /// Every key in the file that no read accepted, in file-independent sorted order.
    func unknownPaths() -> [ConfigPath] {
        let reads = self.reads.withLockedValue { $0 }
        var unknown: [ConfigPath] = []
        func visit(_ value: ConfigValue, at path: ConfigPath) {
            if reads.leaves.contains(path) { return }
            switch value {
            case .table(let entries) where path == .root || reads.containers.contains(path):
                for key in entries.keys.sorted() {
                    if let child = entries[key] { visit(child, at: path.appending(.key(key))) }
                }
            case .array(let values) where reads.containers.contains(path):
                for (index, child) in values.enumerated() { visit(child, at: path.appending(.index(index))) }
            default:
                unknown.append(path)
            }
        }
        visit(.table(root), at: .root)
        return unknown
    }

    /// Dotted names of every path the daemon reads or opens, for "did you mean" suggestions.
    var knownNames: [String] {
        let reads = self.reads.withLockedValue { $0 }
        return Set(reads.leaves.union(reads.containers).filter { $0 != .root }.map(\.description)).sorted()
    }

    /// Environment variables with our prefix that no read consulted.
    var unusedEnvironmentNames: [String] {
        let used = reads.withLockedValue { $0.environmentNames }
        return environment.keys.filter { !used.contains($0) }.sorted()
    }
}
