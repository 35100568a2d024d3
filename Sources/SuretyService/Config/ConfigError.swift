/// A configuration error: a stable `Code`, the file, the dotted key and the reason.
///
/// The description is the line an operator sees when a daemon refuses to start, for example
/// "relay.toml: key `bandwidth.rate` must be a positive integer (bytes/s), got -3" (issue 7 §3:
/// "invalid config fails at start with the file, key and reason").
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case unreadableFile
            case syntax
            case unknownKey
            case missingKey
            case invalidValue
            case invalidEnvironment
        }
        fileprivate let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file is missing, too large, not UTF-8 or not readable.
        public static let unreadableFile = Code(.unreadableFile)
        /// The file is not valid TOML.
        public static let syntax = Code(.syntax)
        /// The file sets a key no daemon setting reads (usually a typo).
        public static let unknownKey = Code(.unknownKey)
        /// A required key is set neither in the file nor in the environment.
        public static let missingKey = Code(.missingKey)
        /// A key has a value of the wrong type or outside its allowed range.
        public static let invalidValue = Code(.invalidValue)
        /// An environment override could not be applied.
        public static let invalidEnvironment = Code(.invalidEnvironment)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The configuration file as the operator named it (path or file name).
    public let file: String
    /// The dotted key path (`bandwidth.rate`, `authorities[1].address`), if the error concerns one key.
    public let key: String?
    /// Why the value was refused, phrased to follow "key `x` ".
    public let reason: String

    public init(_ code: Code, file: String, key: String?, reason: String) {
        self.code = code
        self.file = file
        self.key = key
        self.reason = reason
    }

    public var description: String {
        if let key {
            return "\(file): key `\(key)` \(reason)"
        }
        return "\(file): \(reason)"
    }
}
