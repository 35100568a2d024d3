/// Why a directory fetch or upload failed.
public struct DirectoryClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public static let badAddress = Code("bad_address")
        public static let connectFailed = Code("connect_failed")
        public static let timeout = Code("timeout")
        public static let responseTooLarge = Code("response_too_large")
        public static let badResponse = Code("bad_response")
        /// The authority answered with an HTTP error (its JSON reason is in the message).
        public static let rejected = Code("rejected")
        /// No authority served a consensus that verifies.
        public static let noConsensus = Code("no_consensus")
        /// The newest verified consensus is past its valid-until: clients must not build circuits.
        public static let consensusExpired = Code("consensus_expired")
        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "DirectoryClientError.\(code): \(message)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
