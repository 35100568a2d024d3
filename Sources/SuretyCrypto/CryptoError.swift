/// An error from SuretyCrypto: a stable `Code` plus a human-readable message.
///
/// Modelled on swift-certificates' error structs: the code set can grow without breaking callers.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case invalidKeyLength
            case invalidSignatureLength
            case invalidLength
            case invalidSignature
            case authenticationFailed
            case invalidPoint
            case identityPoint
            case invalidScalar
            case invalidShare
            case invalidProof
            case insufficientShares
            case nonceExhausted
            case handshakeState
            case invalidMessage
            case libraryFailure
            case invalidParameter
            case messageTooLong
        }
        fileprivate let base: Base
        private init(_ base: Base) { self.base = base }

        /// A key had the wrong number of bytes.
        public static let invalidKeyLength = Code(.invalidKeyLength)
        /// A signature had the wrong number of bytes.
        public static let invalidSignatureLength = Code(.invalidSignatureLength)
        /// An input (nonce, tag, ciphertext, share) had an invalid length.
        public static let invalidLength = Code(.invalidLength)
        /// A signature did not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// An AEAD tag or MAC did not verify.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// Bytes are not a valid group element encoding.
        public static let invalidPoint = Code(.invalidPoint)
        /// A scalar multiplication produced the identity element.
        public static let identityPoint = Code(.identityPoint)
        /// Bytes are not a canonical scalar.
        public static let invalidScalar = Code(.invalidScalar)
        /// A decryption share was malformed or did not verify.
        public static let invalidShare = Code(.invalidShare)
        /// A zero-knowledge proof did not verify.
        public static let invalidProof = Code(.invalidProof)
        /// Fewer shares than the threshold were supplied.
        public static let insufficientShares = Code(.insufficientShares)
        /// A cipher state ran out of nonces; the session must be rekeyed or closed.
        public static let nonceExhausted = Code(.nonceExhausted)
        /// A handshake method was called in the wrong state.
        public static let handshakeState = Code(.handshakeState)
        /// A handshake or protocol message was malformed.
        public static let invalidMessage = Code(.invalidMessage)
        /// The underlying C library reported a failure.
        public static let libraryFailure = Code(.libraryFailure)
        /// A parameter was out of its allowed range.
        public static let invalidParameter = Code(.invalidParameter)
        /// An input exceeded its maximum allowed length.
        public static let messageTooLong = Code(.messageTooLong)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "CryptoError.\(code): \(message)" }

    /// Errors compare by code: the message is for humans and may carry context.
    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
