/// An error from the proxy front end: a stable `Code` plus a human-readable message.
///
/// Modelled on swift-certificates' error structs (STYLE.md): the code set can grow without breaking
/// callers. The messages are written for a user who pointed the wrong program at the port.
public struct ProxyError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case socks4NotSupported
            case unrecognizedProtocol
            case noAcceptableAuthenticationMethod
            case authenticationFailed
            case unsupportedCommand
            case unsupportedAddressType
            case invalidTarget
            case malformedRequest
            case methodNotAllowed
            case unsupportedHTTPVersion
            case handshakeTooLarge
            case tooManyHeaderLines
            case bufferLimitExceeded
            case invalidState
        }
        fileprivate let base: Base
        private init(_ base: Base) { self.base = base }

        /// The client spoke SOCKS4/4a, which cannot carry IPv6 or credentials the way we need.
        public static let socks4NotSupported = Code(.socks4NotSupported)
        /// The first byte is neither SOCKS5 (0x05) nor the start of an HTTP method.
        public static let unrecognizedProtocol = Code(.unrecognizedProtocol)
        /// The SOCKS5 greeting offered neither "no authentication" nor username/password (RFC 1928 §3).
        public static let noAcceptableAuthenticationMethod = Code(.noAcceptableAuthenticationMethod)
        /// The RFC 1929 sub-negotiation was malformed (credentials themselves are never checked).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// A SOCKS5 command other than CONNECT (RFC 1928 §4: BIND, UDP ASSOCIATE, or unknown).
        public static let unsupportedCommand = Code(.unsupportedCommand)
        /// A SOCKS5 address type other than IPv4, domain name or IPv6 (RFC 1928 §5).
        public static let unsupportedAddressType = Code(.unsupportedAddressType)
        /// The target host name or port is not acceptable.
        public static let invalidTarget = Code(.invalidTarget)
        /// The request does not follow the SOCKS5 or HTTP grammar.
        public static let malformedRequest = Code(.malformedRequest)
        /// An HTTP method other than CONNECT: this is a tunnel, not a full HTTP proxy.
        public static let methodNotAllowed = Code(.methodNotAllowed)
        /// An HTTP version other than 1.0 or 1.1.
        public static let unsupportedHTTPVersion = Code(.unsupportedHTTPVersion)
        /// The handshake exceeded its byte bound before it was complete.
        public static let handshakeTooLarge = Code(.handshakeTooLarge)
        /// The HTTP request head has more header lines than allowed.
        public static let tooManyHeaderLines = Code(.tooManyHeaderLines)
        /// The client sent more early data than the bound while the connection was being made.
        public static let bufferLimitExceeded = Code(.bufferLimitExceeded)
        /// A method was called in a state where it has no meaning (a caller bug, not client input).
        public static let invalidState = Code(.invalidState)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ProxyError.\(code): \(message)" }

    /// Errors compare by code: the message is for humans and may carry context.
    public static func == (lhs: ProxyError, rhs: ProxyError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
