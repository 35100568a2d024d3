public import SuretyCrypto

/// The one-round-trip hop handshake carried in CREATE/CREATED and EXTEND/EXTENDED:
/// `Noise_NK_25519_ChaChaPoly_BLAKE2b` with the relay's onion key as the known responder key
/// (Docs/SPEC.md §4). The prologue binds the relay's Ed25519 identity, so a handshake meant for
/// one relay cannot complete with another that happens to share an onion key.
public enum HopHandshake {
    public static let prologuePrefix = Array("surety-hop/v1".utf8)
    /// Secret exported from the completed handshake, from which the four hop keys are derived.
    static let exportContext = "surety/onion/hop-secret"

    static func prologue(relayIdentity: [UInt8]) -> [UInt8] { prologuePrefix + relayIdentity }

    /// The v1 extension list both sides send: type 1 (relay protocol versions) = [1]
    /// (Docs/SPEC.md §4.3, TLV layout §2.8).
    public static let versionExtensions: [UInt8] = [1, 2, 0, 1]

    /// The client's half: create with the relay's keys, send `message`, then `finish` with the reply.
    public struct Initiator: Sendable {
        private var state: NoiseHandshakeState
        /// The first handshake message (e, es, encrypted extensions) for CREATE/EXTEND.
        public let message: [UInt8]

        public init(
            relayIdentity: [UInt8], onionKey: X25519.PublicKey, extensions: [UInt8] = HopHandshake.versionExtensions
        ) throws(CircuitError) {
            do {
                var state = try NoiseHandshakeState(
                    pattern: .NK, role: .initiator, prologue: HopHandshake.prologue(relayIdentity: relayIdentity),
                    remoteStatic: onionKey)
                message = try state.writeMessage(payload: extensions)
                self.state = state
            } catch {
                throw CircuitError(.handshakeFailed, "hop handshake start: \(error)")
            }
        }

        /// Reads the relay's reply (from CREATED/EXTENDED); returns the hop keys and the relay's extensions.
        public mutating func finish(reply: [UInt8]) throws(CircuitError) -> (keys: HopKeys, extensions: [UInt8]) {
            do {
                let extensions = try state.readMessage(reply)
                let secret = try state.exportSecret(context: HopHandshake.exportContext, length: 64)
                return (try HopKeys(handshakeSecret: secret), extensions)
            } catch {
                throw CircuitError(.handshakeFailed, "hop handshake reply rejected: \(error)")
            }
        }
    }

    /// The relay's half: read the client's message with the onion key and answer in one step.
    public static func respond(
        to message: [UInt8], relayIdentity: [UInt8], onionKey: X25519.PrivateKey,
        extensions: [UInt8] = HopHandshake.versionExtensions
    ) throws(CircuitError) -> (reply: [UInt8], keys: HopKeys, clientExtensions: [UInt8]) {
        do {
            var state = try NoiseHandshakeState(
                pattern: .NK, role: .responder, prologue: prologue(relayIdentity: relayIdentity), localStatic: onionKey)
            let clientExtensions = try state.readMessage(message)
            let reply = try state.writeMessage(payload: extensions)
            let secret = try state.exportSecret(context: exportContext, length: 64)
            return (reply, try HopKeys(handshakeSecret: secret), clientExtensions)
        } catch {
            throw CircuitError(.handshakeFailed, "hop handshake rejected: \(error)")
        }
    }
}
