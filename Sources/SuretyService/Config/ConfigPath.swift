/// A position in a configuration document: `bandwidth.rate` or `authorities[1].address`.
struct ConfigPath: Hashable, Sendable, CustomStringConvertible {
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component]

    static let root = ConfigPath(components: [])

    /// Parses a dotted key written in daemon code ("bandwidth.rate"), relative to nothing.
    init(dotted: String) {
        components = dotted.split(separator: ".", omittingEmptySubsequences: false).map { .key(String($0)) }
    }

    init(components: [Component]) {
        self.components = components
    }

    func appending(_ other: ConfigPath) -> ConfigPath {
        ConfigPath(components: components + other.components)
    }

    func appending(_ component: Component) -> ConfigPath {
        ConfigPath(components: components + [component])
    }

    /// Every proper prefix, shortest first ("a", "a.b" for "a.b.c").
    var ancestors: [ConfigPath] {
        guard components.count > 1 else { return [] }
        return (1..<components.count).map { ConfigPath(components: Array(components[..<$0])) }
    }

    /// The keys, if the path has no list index (only such keys can be set from the environment).
    var plainKeys: [String]? {
        var keys: [String] = []
        for component in components {
            guard case .key(let key) = component else { return nil }
            keys.append(key)
        }
        return keys
    }

    var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key):
                if !out.isEmpty { out += "." }
                out += Self.isBare(key) ? key : ConfigValue.quoted(key)
            case .index(let index):
                out += "[\(index)]"
            }
        }
        return out
    }

    /// TOML bare keys: A-Z a-z 0-9 _ - (TOML v1.0.0 §Keys).
    private static func isBare(_ key: String) -> Bool {
        !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                    || $0 == "-"
            }
    }
}
