import PropertyBased
import SuretyCrypto
import Testing

@Suite struct NoiseHandshakeTests {
    /// Runs `pattern` to completion between fresh keys, with payloads, and splits.
    static func handshake(
        _ pattern: NoiseHandshakePattern,
        initiatorStatic: X25519.PrivateKey = X25519.PrivateKey(),
        responderStatic: X25519.PrivateKey = X25519.PrivateKey(),
        prologue: [UInt8] = Array("surety test".utf8)
    ) throws -> (initiator: NoiseTransport, responder: NoiseTransport) {
        let needsInitiatorStatic = pattern.initiatorNeedsStaticKey
        let needsResponderStatic = pattern.responderNeedsStaticKey
        var initiator = try NoiseHandshakeState(
            pattern: pattern, role: .initiator, prologue: prologue,
            localStatic: needsInitiatorStatic ? initiatorStatic : nil,
            remoteStatic: pattern.responderPreMessage.contains(.s) ? responderStatic.publicKey : nil)
        var responder = try NoiseHandshakeState(
            pattern: pattern, role: .responder, prologue: prologue,
            localStatic: needsResponderStatic ? responderStatic : nil)
        for index in pattern.messages.indices {
            let payload = Array("payload \(index)".utf8)
            if index % 2 == 0 {
                #expect(initiator.nextStep == .writeMessage && responder.nextStep == .readMessage)
                #expect(try responder.readMessage(initiator.writeMessage(payload: payload)) == payload)
            } else {
                #expect(responder.nextStep == .writeMessage && initiator.nextStep == .readMessage)
                #expect(try initiator.readMessage(responder.writeMessage(payload: payload)) == payload)
            }
        }
        #expect(initiator.isComplete && responder.isComplete)
        #expect(initiator.handshakeHash == responder.handshakeHash)
        return (try initiator.split(), try responder.split())
    }

    @Test(arguments: [NoiseHandshakePattern.NN, .NK, .XK, .XX, .IK])
    func freshKeysAgree(_ pattern: NoiseHandshakePattern) throws {
        let initiatorStatic = X25519.PrivateKey()
        let responderStatic = X25519.PrivateKey()
        var (initiator, responder) = try Self.handshake(
            pattern, initiatorStatic: initiatorStatic, responderStatic: responderStatic)
        #expect(initiator.handshakeHash == responder.handshakeHash)
        #expect(initiator.handshakeHash.count == 64)
        let hello = Array("hello".utf8)
        #expect(try responder.decrypt(initiator.encrypt(hello)) == hello)
        #expect(try initiator.decrypt(responder.encrypt(hello)) == hello)
        #expect(initiator.remoteStaticKey == (pattern.responderNeedsStaticKey ? responderStatic.publicKey : nil))
        #expect(responder.remoteStaticKey == (pattern.initiatorNeedsStaticKey ? initiatorStatic.publicKey : nil))
    }

    @Test func xkWithWrongResponderKeyFails() throws {
        let responderStatic = X25519.PrivateKey()
        var initiator = try NoiseHandshakeState(
            pattern: .XK, role: .initiator, localStatic: X25519.PrivateKey(),
            remoteStatic: X25519.PrivateKey().publicKey)
        var responder = try NoiseHandshakeState(pattern: .XK, role: .responder, localStatic: responderStatic)
        let first = try initiator.writeMessage(payload: Array("secret".utf8))
        let error = #expect(throws: CryptoError.self) { _ = try responder.readMessage(first) }
        #expect(error?.code == .authenticationFailed)
        #expect(responder.nextStep == .failed)
        let afterFailure = #expect(throws: CryptoError.self) { _ = try responder.writeMessage() }
        #expect(afterFailure?.code == .handshakeState)
    }

    @Test func differentProloguesFail() throws {
        let responderStatic = X25519.PrivateKey()
        var initiator = try NoiseHandshakeState(
            pattern: .NK, role: .initiator, prologue: [1], remoteStatic: responderStatic.publicKey)
        var responder = try NoiseHandshakeState(
            pattern: .NK, role: .responder, prologue: [2], localStatic: responderStatic)
        let error = #expect(throws: CryptoError.self) { _ = try responder.readMessage(initiator.writeMessage()) }
        #expect(error?.code == .authenticationFailed)
    }

    @Test func methodsOutOfTurnThrowHandshakeStateAndChangeNothing() throws {
        let responderStatic = X25519.PrivateKey()
        var initiator = try NoiseHandshakeState(pattern: .NK, role: .initiator, remoteStatic: responderStatic.publicKey)
        var responder = try NoiseHandshakeState(pattern: .NK, role: .responder, localStatic: responderStatic)
        for attempt in [
            { _ = try initiator.readMessage([UInt8](repeating: 0, count: 48)) },
            { _ = try initiator.split() },
            { _ = try responder.writeMessage() },
            { _ = try responder.split() },
        ] as [() throws -> Void] {
            let error = #expect(throws: CryptoError.self) { try attempt() }
            #expect(error?.code == .handshakeState)
        }
        #expect(initiator.nextStep == .writeMessage && responder.nextStep == .readMessage)
        _ = try responder.readMessage(initiator.writeMessage())
        _ = try initiator.readMessage(responder.writeMessage())
        let late = #expect(throws: CryptoError.self) { _ = try initiator.writeMessage() }
        #expect(late?.code == .handshakeState)
        _ = try initiator.split()
        let twice = #expect(throws: CryptoError.self) { _ = try initiator.split() }
        #expect(twice?.code == .handshakeState)
        #expect(initiator.nextStep == .finished)
    }

    @Test func missingKeysAreReportedAtInit() {
        let noRemote = #expect(throws: CryptoError.self) {
            _ = try NoiseHandshakeState(pattern: .XK, role: .initiator, localStatic: X25519.PrivateKey())
        }
        #expect(noRemote?.code == .invalidParameter)
        let noLocal = #expect(throws: CryptoError.self) {
            _ = try NoiseHandshakeState(pattern: .XK, role: .responder)
        }
        #expect(noLocal?.code == .invalidParameter)
    }

    @Test func invalidPatternsAreRejected() {
        #expect(throws: CryptoError.self) { try NoiseHandshakePattern(name: "BAD", messages: [[.e, .es]]) }
        #expect(throws: CryptoError.self) {
            try NoiseHandshakePattern(name: "BAD", messages: [[.e], [.e, .ee], [.e]])
        }
        #expect(throws: CryptoError.self) {
            try NoiseHandshakePattern(name: "BAD", initiatorPreMessage: [.e], messages: [[.e]])
        }
        #expect(throws: CryptoError.self) { try NoiseHandshakePattern(name: "B-D", messages: [[.e]]) }
        #expect(throws: CryptoError.self) { try NoiseHandshakePattern(name: "NONE", messages: []) }
        #expect(NoiseHandshakePattern.XK.description.contains("-> s, se"))
    }

    @Test func messageSizeLimitIsEnforced() throws {
        let responderStatic = X25519.PrivateKey()
        var initiator = try NoiseHandshakeState(pattern: .NK, role: .initiator, remoteStatic: responderStatic.publicKey)
        // NK message 1 is e (32) + payload + tag (16): 65487 bytes of payload is the most that fits.
        let tooLong = #expect(throws: CryptoError.self) {
            _ = try initiator.writeMessage(payload: [UInt8](repeating: 1, count: 65488))
        }
        #expect(tooLong?.code == .messageTooLong)
        #expect(initiator.nextStep == .writeMessage)
        let largest = try initiator.writeMessage(payload: [UInt8](repeating: 1, count: 65487))
        #expect(largest.count == 65535)
        var responder = try NoiseHandshakeState(pattern: .NK, role: .responder, localStatic: responderStatic)
        #expect(try responder.readMessage(largest).count == 65487)

        var oversized = try NoiseHandshakeState(pattern: .NK, role: .responder, localStatic: responderStatic)
        let oversizedError = #expect(throws: CryptoError.self) {
            _ = try oversized.readMessage([UInt8](repeating: 0, count: 65536))
        }
        #expect(oversizedError?.code == .messageTooLong)

        var (transport, _) = try Self.handshake(.NN)
        let tooLongTransport = #expect(throws: CryptoError.self) {
            _ = try transport.encrypt([UInt8](repeating: 0, count: 65520))
        }
        #expect(tooLongTransport?.code == .messageTooLong)
        #expect(try transport.encrypt([UInt8](repeating: 0, count: 65519)).count == 65535)
    }

    @Test func transportRejectsReplayReorderAndTampering() throws {
        var (initiator, responder) = try Self.handshake(.XK)
        let first = try initiator.encrypt([1, 2, 3])
        let second = try initiator.encrypt([4, 5, 6])
        let reordered = #expect(throws: CryptoError.self) { _ = try responder.decrypt(second) }
        #expect(reordered?.code == .authenticationFailed)
        // A failed decryption does not advance the nonce (Noise §5.1), so the stream continues.
        #expect(try responder.decrypt(first) == [1, 2, 3])
        let replayed = #expect(throws: CryptoError.self) { _ = try responder.decrypt(first) }
        #expect(replayed?.code == .authenticationFailed)
        #expect(try responder.decrypt(second) == [4, 5, 6])
        var tampered = try initiator.encrypt([7])
        tampered[0] ^= 1
        #expect(throws: CryptoError.self) { _ = try responder.decrypt(tampered) }
        let short = #expect(throws: CryptoError.self) { _ = try responder.decrypt([1, 2, 3]) }
        #expect(short?.code == .invalidLength)
    }

    /// Exhaustive: every single-bit flip of a transport message (ciphertext and tag) is rejected,
    /// and the failures do not advance the receive nonce (Noise §5.1), so the genuine message opens.
    @Test func everySingleBitFlipOfATransportMessageIsRejected() throws {
        var (initiator, responder) = try Self.handshake(.XK)
        let plaintext = Array("a batch of cells".utf8)
        let message = try initiator.encrypt(plaintext)
        for bit in 0..<(message.count * 8) {
            var tampered = message
            tampered[bit / 8] ^= UInt8(1) << (bit % 8)
            let error = #expect(throws: CryptoError.self, "bit \(bit)") { _ = try responder.decrypt(tampered) }
            #expect(error?.code == .authenticationFailed)
        }
        #expect(try responder.decrypt(message) == plaintext)
    }

    @Test func transportRoundTripsInPlaceAndAsArrays() async throws {
        var (initiator, responder) = try Self.handshake(.XK)
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...4096), Gen.bool) { message, inPlace in
            if inPlace {
                var buffer = message + [UInt8](repeating: 0, count: 16)
                let sealedLength = try buffer.withUnsafeMutableBytes {
                    try initiator.encryptInPlace($0, plaintextLength: message.count)
                }
                #expect(sealedLength == message.count + 16)
                let openedLength = try buffer.withUnsafeMutableBytes {
                    try responder.decryptInPlace(UnsafeMutableRawBufferPointer(rebasing: $0[0..<sealedLength]))
                }
                #expect(Array(buffer[0..<openedLength]) == message)
            } else {
                let sealed = try responder.encrypt(message)
                #expect(try initiator.decrypt(sealed) == message)
            }
        }
        #expect(initiator.sendCipher.nonce == responder.receiveCipher.nonce)
        #expect(responder.sendCipher.nonce == initiator.receiveCipher.nonce)
    }

    @Test func nonceExhaustionAndRekey() throws {
        var sender = try NoiseCipherState(key: SecretBytes.random(count: 32))
        var receiver = sender
        sender.setNonce(UInt64.max - 1)
        receiver.setNonce(UInt64.max - 1)
        let last = try sender.encrypt([9])
        #expect(try receiver.decrypt(last) == [9])
        #expect(sender.nonce == NoiseCipherState.reservedNonce)
        let exhausted = #expect(throws: CryptoError.self) { _ = try sender.encrypt([9]) }
        #expect(exhausted?.code == .nonceExhausted)
        let exhaustedReceive = #expect(throws: CryptoError.self) { _ = try receiver.decrypt(last) }
        #expect(exhaustedReceive?.code == .nonceExhausted)

        var (initiator, responder) = try Self.handshake(.NK)
        let before = try initiator.encrypt([1])
        try initiator.rekeySending()
        let after = try initiator.encrypt([2])
        #expect(try responder.decrypt(before) == [1])
        #expect(throws: CryptoError.self) { _ = try responder.decrypt(after) }
        try responder.rekeyReceiving()
        #expect(try responder.decrypt(after) == [2])
        var keyless = NoiseCipherState()
        #expect(throws: CryptoError.self) { try keyless.rekey() }
    }

    // Noise §5.1: a cipher state without a key passes data through; the 4-zero-byte + little-endian
    // nonce encoding is checked here against ChaChaPoly directly.
    @Test func cipherStateNonceEncoding() throws {
        var empty = NoiseCipherState()
        #expect(!empty.hasKey)
        #expect(try empty.encrypt([1, 2, 3], associatedData: [9]) == [1, 2, 3])
        let key = SecretBytes.random(count: 32)
        var state = try NoiseCipherState(key: key)
        state.setNonce(0x0102_0304_0506_0708)
        let sealed = try state.encrypt([42], associatedData: [7])
        let nonce: [UInt8] = [0, 0, 0, 0, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01]
        #expect(try ChaChaPoly.open(sealed, key: key, nonce: nonce, authenticating: [7]) == [42])
        #expect(state.nonce == 0x0102_0304_0506_0709)
        #expect(throws: CryptoError.self) { _ = try NoiseCipherState(key: SecretBytes.random(count: 16)) }
    }
}
