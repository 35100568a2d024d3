/// A Noise HandshakeState (Noise §5.3) for `Noise_<pattern>_25519_ChaChaPoly_BLAKE2b`.
///
/// A sans-I/O state machine: call `writeMessage(payload:)` and `readMessage(_:)` in the order the
/// pattern dictates (see `nextStep`), then `split()` once for the transport. Calling a method out of
/// turn throws `.handshakeState` and changes nothing. Any failure while processing a message (a
/// truncated or tampered message, a low-order key) leaves the state `.failed`: the handshake must be
/// abandoned, as Noise §5.3 requires after a decryption error.
///
/// Messages and payloads are limited to 65535 bytes (Noise §3); an over-long payload throws
/// `.messageTooLong` and leaves the state unchanged, so the caller may retry with less.
public struct NoiseHandshakeState: Sendable {
    /// Which side of the handshake this state plays.
    public enum Role: Sendable, Hashable {
        case initiator, responder
    }

    /// What the state machine expects next.
    public enum Step: Sendable, Hashable {
        /// Call `writeMessage(payload:)`.
        case writeMessage
        /// Call `readMessage(_:)`.
        case readMessage
        /// The handshake is complete; call `split()`.
        case split
        /// `split()` has been called; this state is spent.
        case finished
        /// A message failed to process; abandon the handshake.
        case failed
    }

    /// The pattern this handshake follows.
    public let pattern: NoiseHandshakePattern
    /// This side's role.
    public let role: Role
    /// `Noise_<pattern>_25519_ChaChaPoly_BLAKE2b`.
    public let protocolName: String

    private var symmetric: NoiseSymmetricState
    private let localStatic: X25519.PrivateKey?
    private var localEphemeral: X25519.PrivateKey?
    /// The peer's static key: given at init (pre-message) or learned from an `s` token. For an XK
    /// responder this is the initiator's authenticated static key once the handshake completes.
    public private(set) var remoteStaticKey: X25519.PublicKey?
    /// The peer's ephemeral key, once received.
    public private(set) var remoteEphemeralKey: X25519.PublicKey?
    private var messageIndex = 0
    private var hasFailed = false
    private var hasSplit = false

    /// Starts a handshake (`Initialize`, Noise §5.3).
    ///
    /// - Parameters:
    ///   - prologue: Data both sides must agree on (versions, context); mixed into `h`.
    ///   - localStatic: This side's static key, required if the pattern sends or pre-shares it.
    ///   - remoteStatic: The peer's static key, required if the pattern pre-shares it (the responder's
    ///     key for an `NK`/`XK` initiator).
    /// - Throws: `.invalidParameter` if a key the pattern needs is missing.
    public init(
        pattern: NoiseHandshakePattern,
        role: Role,
        prologue: some Collection<UInt8> = [UInt8](),
        localStatic: X25519.PrivateKey? = nil,
        remoteStatic: X25519.PublicKey? = nil
    ) throws {
        try self.init(
            pattern: pattern, role: role, prologue: prologue, localStatic: localStatic,
            remoteStatic: remoteStatic, localEphemeral: nil)
    }

    /// As `init(pattern:role:prologue:localStatic:remoteStatic:)`, with the ephemeral key fixed in
    /// advance instead of generated when the `e` token is written. Only for test vectors: reusing an
    /// ephemeral key destroys the handshake's forward secrecy.
    @_spi(Testing)
    public init(
        pattern: NoiseHandshakePattern,
        role: Role,
        prologue: some Collection<UInt8> = [UInt8](),
        localStatic: X25519.PrivateKey? = nil,
        remoteStatic: X25519.PublicKey? = nil,
        localEphemeral: X25519.PrivateKey?
    ) throws {
        let isInitiator = role == .initiator
        let needsLocalStatic = isInitiator ? pattern.initiatorNeedsStaticKey : pattern.responderNeedsStaticKey
        let remotePreMessage = isInitiator ? pattern.responderPreMessage : pattern.initiatorPreMessage
        if needsLocalStatic && localStatic == nil {
            throw CryptoError(.invalidParameter, "Noise \(pattern.name) \(role) needs its static key")
        }
        if remotePreMessage.contains(.s) && remoteStatic == nil {
            throw CryptoError(.invalidParameter, "Noise \(pattern.name) \(role) needs the peer's static key")
        }
        self.pattern = pattern
        self.role = role
        protocolName = Noise.protocolName(for: pattern)
        symmetric = NoiseSymmetricState(protocolName: protocolName)
        self.localStatic = localStatic
        self.localEphemeral = localEphemeral
        remoteStaticKey = remotePreMessage.contains(.s) ? remoteStatic : nil
        symmetric.mixHash(prologue)
        // Pre-message keys are hashed initiator's first, then responder's (Noise §5.3).
        let initiatorStatic = isInitiator ? localStatic?.publicKey : remoteStatic
        let responderStatic = isInitiator ? remoteStatic : localStatic?.publicKey
        if pattern.initiatorPreMessage.contains(.s), let key = initiatorStatic {
            symmetric.mixHash(key.rawRepresentation)
        }
        if pattern.responderPreMessage.contains(.s), let key = responderStatic {
            symmetric.mixHash(key.rawRepresentation)
        }
    }

    /// What to call next.
    public var nextStep: Step {
        if hasFailed { return .failed }
        if hasSplit { return .finished }
        if messageIndex == pattern.messages.count { return .split }
        let initiatorSends = messageIndex % 2 == 0
        return initiatorSends == (role == .initiator) ? .writeMessage : .readMessage
    }

    /// Whether every handshake message has been written or read.
    public var isComplete: Bool { nextStep == .split || nextStep == .finished }

    /// `h`: the transcript hash. After completion it is the same on both sides and unique to this
    /// session — use it for channel binding (Noise §11.2), e.g. sign it to tie an identity to the link.
    public var handshakeHash: [UInt8] { symmetric.handshakeHash }

    /// `WriteMessage(payload)`: the next handshake message, carrying `payload` (encrypted once a key
    /// has been established).
    ///
    /// - Throws: `.handshakeState` if it is not this side's turn to write; `.messageTooLong` if the
    ///   message would exceed 65535 bytes (state unchanged); `.identityPoint` if a DH gives the
    ///   all-zero secret (the handshake fails).
    public mutating func writeMessage(payload: some Collection<UInt8> = [UInt8]()) throws -> [UInt8] {
        guard nextStep == .writeMessage else {
            throw CryptoError(.handshakeState, "Noise \(role) cannot write now (next step: \(nextStep))")
        }
        guard payload.count <= Noise.maximumMessageLength else {
            throw CryptoError(.messageTooLong, "Noise handshake payload of \(payload.count) bytes is too long")
        }
        var next = self
        let message: [UInt8]
        do {
            message = try next.performWrite(payload: payload)
        } catch {
            hasFailed = true
            throw error
        }
        guard message.count <= Noise.maximumMessageLength else {
            throw CryptoError(.messageTooLong, "Noise handshake message of \(message.count) bytes is too long")
        }
        self = next
        return message
    }

    /// `ReadMessage(message)`: processes the peer's next handshake message and returns its payload.
    ///
    /// - Throws: `.handshakeState` if it is not this side's turn to read (state unchanged);
    ///   otherwise, leaving the state `.failed`: `.messageTooLong` (over 65535 bytes),
    ///   `.invalidMessage` (too short for its keys and tags), `.authenticationFailed` (a tag did not
    ///   verify: tampering, wrong prologue, or a static key the peer does not hold),
    ///   `.identityPoint` (a low-order public key).
    public mutating func readMessage(_ message: some Collection<UInt8>) throws -> [UInt8] {
        guard nextStep == .readMessage else {
            throw CryptoError(.handshakeState, "Noise \(role) cannot read now (next step: \(nextStep))")
        }
        var next = self
        do {
            guard message.count <= Noise.maximumMessageLength else {
                throw CryptoError(.messageTooLong, "Noise handshake message of \(message.count) bytes is too long")
            }
            let payload = try next.performRead(message: Array(message))
            self = next
            return payload
        } catch {
            hasFailed = true
            throw error
        }
    }

    /// `Split()`: the transport cipher states, once the handshake is complete. Callable once, so two
    /// transports can never share keys and nonces.
    ///
    /// - Throws: `.handshakeState` before completion, after a failure or on a second call.
    public mutating func split() throws -> NoiseTransport {
        guard nextStep == .split else {
            throw CryptoError(.handshakeState, "Noise \(role) cannot split now (next step: \(nextStep))")
        }
        let (initiatorToResponder, responderToInitiator) = try symmetric.split()
        hasSplit = true
        // The handshake secrets are no longer needed; release them so they are wiped.
        symmetric.eraseKeys()
        localEphemeral = nil
        let isInitiator = role == .initiator
        return NoiseTransport(
            sendCipher: isInitiator ? initiatorToResponder : responderToInitiator,
            receiveCipher: isInitiator ? responderToInitiator : initiatorToResponder,
            handshakeHash: symmetric.handshakeHash,
            remoteStaticKey: remoteStaticKey)
    }

    /// A secret for a higher protocol (see `NoiseSymmetricState.exportSecret`), available once every
    /// handshake message has been written or read. Both sides derive the same value.
    ///
    /// - Throws: `.handshakeState` before completion.
    public func exportSecret(context: String, length: Int) throws -> SecretBytes {
        guard isComplete else {
            throw CryptoError(.handshakeState, "Noise \(role) cannot export a secret before the handshake completes")
        }
        return try symmetric.exportSecret(context: context, length: length)
    }

    // MARK: Token processing

    private mutating func performWrite(payload: some Collection<UInt8>) throws -> [UInt8] {
        var message: [UInt8] = []
        for token in pattern.messages[messageIndex] {
            switch token {
            case .e:
                let ephemeral = localEphemeral ?? X25519.PrivateKey()
                localEphemeral = ephemeral
                message += ephemeral.publicKey.rawRepresentation
                symmetric.mixHash(ephemeral.publicKey.rawRepresentation)
            case .s:
                guard let localStatic else { throw Self.missingKey("local static") }
                message += try symmetric.encryptAndHash(localStatic.publicKey.rawRepresentation)
            case .ee, .es, .se, .ss:
                try symmetric.mixKey(try diffieHellman(token))
            }
        }
        message += try symmetric.encryptAndHash(payload)
        messageIndex += 1
        return message
    }

    private mutating func performRead(message: [UInt8]) throws -> [UInt8] {
        var offset = 0
        func take(_ count: Int, for what: String) throws -> ArraySlice<UInt8> {
            guard message.count - offset >= count else {
                throw CryptoError(
                    .invalidMessage, "Noise handshake message too short for \(what) (\(message.count) bytes)")
            }
            defer { offset += count }
            return message[offset..<(offset + count)]
        }
        for token in pattern.messages[messageIndex] {
            switch token {
            case .e:
                let bytes = try take(Noise.dhLength, for: "the ephemeral key")
                remoteEphemeralKey = try X25519.PublicKey(rawRepresentation: bytes)
                symmetric.mixHash(bytes)
            case .s:
                let length = Noise.dhLength + (symmetric.cipherState.hasKey ? Noise.tagLength : 0)
                let bytes = try take(length, for: "the static key")
                remoteStaticKey = try X25519.PublicKey(rawRepresentation: symmetric.decryptAndHash(bytes))
            case .ee, .es, .se, .ss:
                try symmetric.mixKey(try diffieHellman(token))
            }
        }
        let remaining = message[offset...]
        if symmetric.cipherState.hasKey && remaining.count < Noise.tagLength {
            throw CryptoError(.invalidMessage, "Noise handshake message too short for the payload tag")
        }
        let payload = try symmetric.decryptAndHash(remaining)
        messageIndex += 1
        return payload
    }

    /// The DH a token names. `es` is always initiator-ephemeral with responder-static, `se` the
    /// reverse, so each side picks its own private key and the peer's public key by role.
    private func diffieHellman(_ token: NoiseHandshakePattern.Token) throws -> SecretBytes {
        let isInitiator = role == .initiator
        let localKey: X25519.PrivateKey?
        let remoteKey: X25519.PublicKey?
        switch token {
        case .ee:
            (localKey, remoteKey) = (localEphemeral, remoteEphemeralKey)
        case .es:
            (localKey, remoteKey) = isInitiator ? (localEphemeral, remoteStaticKey) : (localStatic, remoteEphemeralKey)
        case .se:
            (localKey, remoteKey) = isInitiator ? (localStatic, remoteEphemeralKey) : (localEphemeral, remoteStaticKey)
        case .ss:
            (localKey, remoteKey) = (localStatic, remoteStaticKey)
        case .e, .s:
            throw CryptoError(.invalidParameter, "\(token) is not a DH token")
        }
        guard let localKey, let remoteKey else { throw Self.missingKey("\(token)") }
        return try localKey.sharedSecret(with: remoteKey)
    }

    private static func missingKey(_ what: String) -> CryptoError {
        CryptoError(.handshakeState, "Noise handshake is missing a key for \(what)")
    }
}
