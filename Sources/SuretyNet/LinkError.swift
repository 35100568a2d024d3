/// A link-level failure (Docs/SPEC.md §2.5): the link is closed and, where a reason can be told,
/// the peer and the log get it.
public struct LinkError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        public static let handshakeFailed = Code("handshakeFailed")
        public static let handshakeTimeout = Code("handshakeTimeout")
        public static let authenticationFailed = Code("authenticationFailed")
        public static let notAuthorized = Code("notAuthorized")
        public static let protocolViolation = Code("protocolViolation")
        public static let idleTimeout = Code("idleTimeout")
        public static let connectFailed = Code("connectFailed")
        public static let closed = Code("closed")

        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "LinkError.\(code): \(message)" }

    public static func == (lhs: LinkError, rhs: LinkError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
