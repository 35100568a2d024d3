import SuretyCircuit
import SuretyCrypto
import Testing

@Suite struct HopHandshakeTests {
    let identity = Ed25519.SigningKey().publicKey.rawRepresentation
    let onion = X25519.PrivateKey()

    @Test func bothSidesDeriveTheSameLayers() throws {
        var client = try HopHandshake.Initiator(
            relayIdentity: identity, onionKey: onion.publicKey, extensions: [1, 1, 1])
        let relay = try HopHandshake.respond(
            to: client.message, relayIdentity: identity, onionKey: onion, extensions: [2, 0])
        #expect(relay.clientExtensions == [1, 1, 1])
        let (keys, extensions) = try client.finish(reply: relay.reply)
        #expect(extensions == [2, 0])
        #expect(keys.forwardKey == relay.keys.forwardKey)
        #expect(keys.backwardKey == relay.keys.backwardKey)
        #expect(keys.forwardDigestKey == relay.keys.forwardDigestKey)
        #expect(keys.backwardDigestKey == relay.keys.backwardDigestKey)
        #expect(keys.forwardKey != keys.backwardKey)
    }

    @Test func wrongOnionKeyOrIdentityFails() throws {
        let client = try HopHandshake.Initiator(relayIdentity: identity, onionKey: onion.publicKey)
        #expect(throws: CircuitError(.handshakeFailed, "")) {
            _ = try HopHandshake.respond(to: client.message, relayIdentity: identity, onionKey: X25519.PrivateKey())
        }
        let otherIdentity = Ed25519.SigningKey().publicKey.rawRepresentation
        #expect(throws: CircuitError(.handshakeFailed, "")) {
            _ = try HopHandshake.respond(to: client.message, relayIdentity: otherIdentity, onionKey: onion)
        }
    }

    @Test func tamperedReplyFails() throws {
        var client = try HopHandshake.Initiator(relayIdentity: identity, onionKey: onion.publicKey)
        var reply = try HopHandshake.respond(to: client.message, relayIdentity: identity, onionKey: onion).reply
        reply[reply.count - 1] ^= 1
        #expect(throws: CircuitError(.handshakeFailed, "")) { _ = try client.finish(reply: reply) }
    }

    @Test func garbageMessagesFailCleanly() throws {
        for length in [0, 1, 31, 32, 47, 48, 200] {
            let garbage = SecureRandom.bytes(count: length)
            #expect(throws: CircuitError.self) {
                _ = try HopHandshake.respond(to: garbage, relayIdentity: identity, onionKey: onion)
            }
        }
    }
}
