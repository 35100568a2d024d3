extension BlindRSA {
    /// The client's output of `BlindRSA.blind` (RFC 9474 §4.2).
    public struct BlindingResult: Sendable {
        /// The blinded message to send to the signer: exactly `modulusByteCount` bytes.
        public let blindedMessage: [UInt8]
        /// The inverse of the blinding factor, big-endian in `modulusByteCount` bytes. Keep it secret and pass it to
        /// `BlindRSA.finalize`: anyone holding it can link the blinded message to the final signature.
        public let inverse: SecretBytes

        public init(blindedMessage: [UInt8], inverse: SecretBytes) {
            self.blindedMessage = blindedMessage
            self.inverse = inverse
        }
    }
}
