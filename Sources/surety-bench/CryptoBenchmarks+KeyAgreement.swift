import SuretyCrypto

extension CryptoBenchmarks {
    /// Noise handshakes against one X25519 Diffie–Hellman. Each handshake figure is both sides in one
    /// thread (all messages, empty payloads, then `split`): an XK handshake costs 6 DH plus 2
    /// ephemeral key generations, an NK handshake 4 DH plus 2, so the expected ratios are a little
    /// above 1/8 and 1/6; what is left over is BLAKE2b, HKDF and ChaChaPoly on the handshake hash.
    static func keyAgreement(seconds: Double) throws {
        Bench.header("Key agreement: Noise_*_25519_ChaChaPoly_BLAKE2b handshakes (both sides, in memory)")
        let alice = X25519.PrivateKey()
        let bob = X25519.PrivateKey().publicKey
        let dh = try Bench.rate("X25519 DH (reference)", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            _ = try alice.sharedSecret(with: bob)
        }
        let keyGeneration = Bench.rate("X25519 key generation", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            _ = X25519.PrivateKey()
        }
        let initiatorStatic = X25519.PrivateKey()
        let responderStatic = X25519.PrivateKey()
        let prologue = Array("surety-bench".utf8)
        let xk = try Bench.rate("Noise XK full handshake (3 messages)", unit: "ops", unitsPerCall: 1, seconds: seconds)
        {
            var initiator = try NoiseHandshakeState(
                pattern: .XK, role: .initiator, prologue: prologue, localStatic: initiatorStatic,
                remoteStatic: responderStatic.publicKey)
            var responder = try NoiseHandshakeState(
                pattern: .XK, role: .responder, prologue: prologue, localStatic: responderStatic)
            _ = try responder.readMessage(initiator.writeMessage())
            _ = try initiator.readMessage(responder.writeMessage())
            _ = try responder.readMessage(initiator.writeMessage())
            _ = try initiator.split()
            _ = try responder.split()
        }
        let nk = try Bench.rate("Noise NK handshake (2 messages)", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            var initiator = try NoiseHandshakeState(
                pattern: .NK, role: .initiator, prologue: prologue, remoteStatic: responderStatic.publicKey)
            var responder = try NoiseHandshakeState(
                pattern: .NK, role: .responder, prologue: prologue, localStatic: responderStatic)
            _ = try responder.readMessage(initiator.writeMessage())
            _ = try initiator.readMessage(responder.writeMessage())
            _ = try initiator.split()
            _ = try responder.split()
        }
        Bench.report(dh, against: dh)
        Bench.report(keyGeneration, against: dh)
        Bench.report(xk, against: dh, note: "6 DH + 2 keygen")
        Bench.report(nk, against: dh, note: "4 DH + 2 keygen")
    }
}
