/// An error from SuretyService's file, lock and listener helpers: a stable `Code` and a message
/// that names the path or address and says what to do.
public struct ServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case notFound
            case tooLarge
            case permissionsTooOpen
            case permissionDenied
            case notARegularFile
            case ioFailure
            case locked
            case bindFailed
            case invalidArgument
            case invalidState
        }
        fileprivate let base: Base
        private init(_ base: Base) { self.base = base }

        /// A file or directory does not exist.
        public static let notFound = Code(.notFound)
        /// A file is larger than the caller's limit.
        public static let tooLarge = Code(.tooLarge)
        /// A secret file or the data directory can be read by group or others.
        public static let permissionsTooOpen = Code(.permissionsTooOpen)
        /// The operating system refused access.
        public static let permissionDenied = Code(.permissionDenied)
        /// The path is a directory, device or socket where a regular file was expected.
        public static let notARegularFile = Code(.notARegularFile)
        /// A read, write, sync or rename failed.
        public static let ioFailure = Code(.ioFailure)
        /// The data directory is locked by another running daemon.
        public static let locked = Code(.locked)
        /// A listener could not bind its address.
        public static let bindFailed = Code(.bindFailed)
        /// A parameter was out of range.
        public static let invalidArgument = Code(.invalidArgument)
        /// An operation was called in the wrong state (e.g. a server run twice).
        public static let invalidState = Code(.invalidState)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Errors compare by code: the message is for humans and may carry context.
    public static func == (lhs: ServiceError, rhs: ServiceError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
