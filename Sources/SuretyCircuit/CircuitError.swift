/// A circuit-level failure: every one tears the circuit (or stream) down with a reason
/// (Docs/SPEC.md §9). Never a trap.
public struct CircuitError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// A cell or message violated the protocol (bad layout, unexpected command, unrecognized cell at the last hop).
        public static let protocolViolation = Code("protocolViolation")
        /// The hop handshake failed (bad message, wrong key).
        public static let handshakeFailed = Code("handshakeFailed")
        /// A flow-control window was exceeded or a SENDME did not authenticate.
        public static let flowControl = Code("flowControl")
        /// A per-circuit limit was hit (streams, RELAY_EARLY, queue).
        public static let resourceLimit = Code("resourceLimit")
        /// A stream id was unknown or already in use.
        public static let unknownStream = Code("unknownStream")
        /// The keystream budget of a hop ran out.
        public static let keystreamExhausted = Code("keystreamExhausted")
        /// The circuit is not in a state that allows the operation.
        public static let invalidState = Code("invalidState")
        /// A local failure (crypto library error).
        public static let internalError = Code("internalError")

        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "CircuitError.\(code): \(message)" }

    public static func == (lhs: CircuitError, rhs: CircuitError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
