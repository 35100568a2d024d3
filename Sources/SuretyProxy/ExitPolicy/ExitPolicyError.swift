/// An error from building or parsing an `ExitPolicy`: a stable `Code`, a human message and, for text
/// input, the 1-based line and column (in bytes) where the problem starts.
public struct ExitPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case syntax
            case invalidAddress
            case invalidPrefixLength
            case invalidPort
            case tooLarge
        }
        fileprivate let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text does not follow the rule grammar (unknown verdict, missing `:`, stray characters).
        public static let syntax = Code(.syntax)
        /// An address pattern is not `*`, `*4`, `*6`, `private`, dotted-quad IPv4 or bracketed IPv6.
        public static let invalidAddress = Code(.invalidAddress)
        /// A `/n` suffix is not a number in range for the address family.
        public static let invalidPrefixLength = Code(.invalidPrefixLength)
        /// A port or port range is empty, zero, above 65535 or reversed.
        public static let invalidPort = Code(.invalidPort)
        /// The policy text or rule count exceeds the parser's bounds.
        public static let tooLarge = Code(.tooLarge)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String
    /// 1-based line of the offending text, when parsing.
    public let line: Int?
    /// 1-based byte column of the offending text, when parsing.
    public let column: Int?

    public init(_ code: Code, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        if let line, let column {
            return "ExitPolicyError.\(code) at \(line):\(column): \(message)"
        }
        return "ExitPolicyError.\(code): \(message)"
    }
}
