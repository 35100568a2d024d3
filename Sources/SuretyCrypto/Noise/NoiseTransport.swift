/// The transport phase of a Noise session (Noise §5): one cipher state per direction, the
/// handshake hash for channel binding, and the peer's static key.
///
/// Transport messages have empty associated data and at most 65535 bytes including the 16-byte tag.
/// The in-place methods work on caller-owned buffers and allocate nothing: the link layer encrypts
/// a batch of cells into one message this way.
///
/// A value type: copying it copies the nonce counters. The send and receive halves may be taken
/// apart (`sendCipher`, `receiveCipher`) for separate reader and writer paths, but each half must
/// then be used from one place only.
public struct NoiseTransport: Sendable {
    /// Encrypts this side's outgoing messages.
    public var sendCipher: NoiseCipherState
    /// Decrypts the peer's messages.
    public var receiveCipher: NoiseCipherState
    /// The final handshake hash `h`, identical on both sides (Noise §11.2).
    public let handshakeHash: [UInt8]
    /// The peer's static key, if the pattern transmitted or pre-shared one.
    public let remoteStaticKey: X25519.PublicKey?

    public init(
        sendCipher: NoiseCipherState,
        receiveCipher: NoiseCipherState,
        handshakeHash: [UInt8],
        remoteStaticKey: X25519.PublicKey?
    ) {
        self.sendCipher = sendCipher
        self.receiveCipher = receiveCipher
        self.handshakeHash = handshakeHash
        self.remoteStaticKey = remoteStaticKey
    }

    /// Encrypts one transport message.
    ///
    /// - Throws: `.messageTooLong` if `plaintext` exceeds 65519 bytes; `.nonceExhausted`.
    public mutating func encrypt(_ plaintext: some Collection<UInt8>) throws -> [UInt8] {
        guard plaintext.count <= Noise.maximumTransportPayloadLength else {
            throw CryptoError(.messageTooLong, "Noise transport payload of \(plaintext.count) bytes exceeds 65519")
        }
        return try sendCipher.encrypt(plaintext)
    }

    /// Decrypts one transport message.
    ///
    /// - Throws: `.authenticationFailed` (tampered, reordered or replayed); `.invalidLength`
    ///   (shorter than a tag); `.messageTooLong` (over 65535 bytes); `.nonceExhausted`.
    public mutating func decrypt(_ message: some Collection<UInt8>) throws -> [UInt8] {
        guard message.count <= Noise.maximumMessageLength else {
            throw CryptoError(.messageTooLong, "Noise transport message of \(message.count) bytes exceeds 65535")
        }
        return try receiveCipher.decrypt(message)
    }

    /// Encrypts `buffer[0..<plaintextLength]` in place and appends the tag; returns the message
    /// length (`plaintextLength + 16`). The buffer needs 16 spare bytes after the plaintext.
    ///
    /// - Throws: `.messageTooLong` if `plaintextLength` exceeds 65519; `.invalidLength` if the buffer
    ///   has no room for the tag; `.nonceExhausted`.
    public mutating func encryptInPlace(_ buffer: UnsafeMutableRawBufferPointer, plaintextLength: Int) throws -> Int {
        guard plaintextLength <= Noise.maximumTransportPayloadLength else {
            throw CryptoError(.messageTooLong, "Noise transport payload of \(plaintextLength) bytes exceeds 65519")
        }
        return try sendCipher.encryptInPlace(buffer, plaintextLength: plaintextLength)
    }

    /// Decrypts the message in `buffer` in place; returns the plaintext length (the plaintext is
    /// `buffer[0..<result]`).
    ///
    /// - Throws: as `decrypt(_:)`.
    public mutating func decryptInPlace(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count <= Noise.maximumMessageLength else {
            throw CryptoError(.messageTooLong, "Noise transport message of \(buffer.count) bytes exceeds 65535")
        }
        return try receiveCipher.decryptInPlace(buffer)
    }

    /// Rekeys the sending direction (Noise §11.3); the peer must rekey its receiving direction at
    /// the same point in the message stream.
    public mutating func rekeySending() throws {
        try sendCipher.rekey()
    }

    /// Rekeys the receiving direction (Noise §11.3).
    public mutating func rekeyReceiving() throws {
        try receiveCipher.rekey()
    }
}
