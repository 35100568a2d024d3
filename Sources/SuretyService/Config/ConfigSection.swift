/// A view of one table of a configuration file: the root (through `ConfigFile`) or a nested table
/// returned by `section(_:)` / `sections(_:)`. Keys passed to its getters are relative to it.
public struct ConfigSection: ConfigReading, Sendable {
    let document: ConfigDocument
    let path: ConfigPath

    init(document: ConfigDocument, path: ConfigPath) {
        self.document = document
        self.path = path
    }

    public var section: ConfigSection { self }

    /// The dotted path of this table in the file ("" for the root), for messages.
    public var keyPath: String { path.description }

    /// The name of the file this section belongs to, for messages.
    public var fileName: String { document.name }
}
