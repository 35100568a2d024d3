import SuretyCrypto
import Testing

/// Every single-bit flip of a Noise handshake or transport message is rejected, exhaustively.
///
/// Handshake messages: a flipped bit in an `e` or `s` field changes the handshake hash (and usually
/// the DH result), a flipped bit in an encrypted field or tag breaks its AEAD, so the receiver's
/// next decryption fails either way (Noise §5.3); even the top bit of a 25519 key, which the DH
/// ignores (RFC 7748 §5), is caught because the raw bytes are hashed. After a failure the state is
/// `.failed` and must be abandoned.
@Suite struct NoiseTamperTests {
    static let prologue = Array("surety tamper test".utf8)

    @Test(arguments: [NoiseHandshakePattern.XK, .NK])
    func everySingleBitFlipOfEveryHandshakeMessageIsRejected(_ pattern: NoiseHandshakePattern) throws {
        let initiatorStatic = X25519.PrivateKey()
        let responderStatic = X25519.PrivateKey()
        var initiator = try NoiseHandshakeState(
            pattern: pattern, role: .initiator, prologue: Self.prologue,
            localStatic: pattern.initiatorNeedsStaticKey ? initiatorStatic : nil,
            remoteStatic: responderStatic.publicKey)
        var responder = try NoiseHandshakeState(
            pattern: pattern, role: .responder, prologue: Self.prologue, localStatic: responderStatic)
        for index in pattern.messages.indices {
            let payload = Array("payload \(index)".utf8)
            let initiatorSends = index % 2 == 0
            let message =
                initiatorSends
                ? try initiator.writeMessage(payload: payload) : try responder.writeMessage(payload: payload)
            // Each attempt reads from a copy of the receiver's state just before this message.
            let receiver = initiatorSends ? responder : initiator
            for bit in 0..<(message.count * 8) {
                var tampered = message
                tampered[bit / 8] ^= UInt8(1) << (bit % 8)
                var attempt = receiver
                let error = #expect(throws: CryptoError.self, "bit \(bit) of message \(index)") {
                    _ = try attempt.readMessage(tampered)
                }
                #expect(
                    error?.code == .authenticationFailed || error?.code == .identityPoint,
                    "bit \(bit) of message \(index): \(String(describing: error))")
                #expect(attempt.nextStep == .failed)
            }
            // The genuine message still completes the handshake from the untouched state.
            if initiatorSends {
                #expect(try responder.readMessage(message) == payload)
            } else {
                #expect(try initiator.readMessage(message) == payload)
            }
        }
        var sending = try initiator.split()
        var receiving = try responder.split()
        #expect(try receiving.decrypt(sending.encrypt([1, 2, 3])) == [1, 2, 3])
    }

    @Test func everySingleBitFlipOfATransportMessageIsRejectedAndTheStreamContinues() throws {
        var (initiator, responder) = try NoiseHandshakeTests.handshake(.XK)
        let plaintext = Array("a batch of cells".utf8)
        let message = try initiator.encrypt(plaintext)
        for bit in 0..<(message.count * 8) {
            var tampered = message
            tampered[bit / 8] ^= UInt8(1) << (bit % 8)
            let error = #expect(throws: CryptoError.self, "bit \(bit)") { _ = try responder.decrypt(tampered) }
            #expect(error?.code == .authenticationFailed)
        }
        // A failed decryption does not advance the receive nonce (Noise §5.1).
        #expect(try responder.decrypt(message) == plaintext)
    }
}
