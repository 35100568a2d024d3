// surety-demo: until the testnet exists, `make demo` runs this short, real walkthrough of the
// cryptography Surety is built on (DESIGN.md, "Cryptography"). Everything happens in memory with
// fresh keys; only public values are printed, as hex prefixes. Secrets (seeds, shares, blinding
// inverses, transport keys) never leave SecretBytes.
import Foundation
import SuretyCrypto

/// The first `count` bytes of a public value in hex, e.g. `3f9a1c0e…`.
func prefix(_ bytes: some Collection<UInt8>, _ count: Int = 8) -> String {
    HexString.encode(bytes.prefix(count)) + "…"
}

func text(_ bytes: [UInt8]) -> String { "\"\(String(decoding: bytes, as: UTF8.self))\"" }

func step(_ title: String) { print("\n\(title)") }

func show(_ line: String) { print("   \(line)") }

func runDemo() throws {
    print("Surety crypto walkthrough: fresh keys, in memory; public values shown as hex prefixes.")

    // 1. Identities. A member's Ed25519 identity signs a short-lived device key, which is the Noise
    // static key on guard links; a relay's X25519 link key is the responder's static key.
    step("1. Identities")
    let member = Ed25519.SigningKey()
    let device = X25519.PrivateKey()
    let delegationContext = "surety/demo/device-key/v1"
    let delegation = member.signature(for: device.publicKey.rawRepresentation, context: delegationContext)
    let relayLink = X25519.PrivateKey()
    show("member identity   Ed25519 \(prefix(member.publicKey.rawRepresentation))")
    show("member device key X25519  \(prefix(device.publicKey.rawRepresentation)) signed by the identity")
    show("relay link key    X25519  \(prefix(relayLink.publicKey.rawRepresentation)) (known from the consensus)")

    // 2. Link handshake: Noise XK, the initiator knows the relay's key in advance and reveals its own
    // static key only in the third message, encrypted.
    step("2. Link handshake Noise_XK_25519_ChaChaPoly_BLAKE2b (member device -> relay)")
    let prologue = Array("surety-link/v1".utf8)  // SuretyNet.NoiseLinkHandler.prologue
    var initiator = try NoiseHandshakeState(
        pattern: .XK, role: .initiator, prologue: prologue, localStatic: device,
        remoteStatic: relayLink.publicKey)
    var responder = try NoiseHandshakeState(
        pattern: .XK, role: .responder, prologue: prologue, localStatic: relayLink)
    let first = try initiator.writeMessage()
    _ = try responder.readMessage(first)
    let second = try responder.writeMessage()
    _ = try initiator.readMessage(second)
    let third = try initiator.writeMessage()
    _ = try responder.readMessage(third)
    show("-> e, es \(first.count) B   <- e, ee \(second.count) B   -> s, se \(third.count) B")
    var memberLink = try initiator.split()
    var relaySide = try responder.split()
    guard memberLink.handshakeHash == relaySide.handshakeHash, let learned = relaySide.remoteStaticKey else {
        throw CryptoError(.handshakeState, "the two sides disagree")
    }
    try member.publicKey.verify(delegation, for: learned.rawRepresentation, context: delegationContext)
    show("both sides: handshake hash \(prefix(memberLink.handshakeHash))")
    show("relay learned device key \(prefix(learned.rawRepresentation)); the identity's signature on it verifies")
    let request = Array("CREATE circuit 7".utf8)
    let sealedRequest = try memberLink.encrypt(request)
    show(
        "member -> relay \(text(request)): \(sealedRequest.count) B on the wire, relay reads \(text(try relaySide.decrypt(sealedRequest)))"
    )
    let reply = Array("CREATED circuit 7".utf8)
    let sealedReply = try relaySide.encrypt(reply)
    show(
        "relay -> member \(text(reply)): \(sealedReply.count) B on the wire, member reads \(text(try memberLink.decrypt(sealedReply)))"
    )

    // 3. Escrow: a record only k of m governance admins together can open.
    step("3. Escrow: hashed ElGamal on ristretto255 under a 2-of-3 governance key")
    let dealing = try Shamir.deal(threshold: 2, shareCount: 3)
    let groupKey = dealing.groupKey
    show("dealer (testnet only): Y = \(prefix(groupKey.publicKey.encoded)), admins' Y_1..Y_3 published")
    let record = Array("member \(prefix(member.publicKey.rawRepresentation, 4)) opened exit stream 42".utf8)
    let context = Array("epoch 7, circuit 7".utf8)
    let ciphertext = try EscrowCiphertext.encrypt(record, to: groupKey.publicKey, associatedData: context)
    show(
        "record (\(record.count) B) encrypted to Y: R = \(prefix(ciphertext.ephemeralKey.encoded)), \(ciphertext.serialized.count) B"
    )
    var verified: [VerifiedDecryptionShare] = []
    for admin in [dealing.shares[0], dealing.shares[2]] {
        let share = try admin.decryptionShare(for: ciphertext)
        verified.append(try share.verify(groupKey: groupKey, ciphertext: ciphertext))
        show("admin \(admin.index): share D_\(admin.index) = \(prefix(share.sharePoint.encoded)), DLEQ proof verifies")
    }
    let opened = try ciphertext.decrypt(
        sharedPoint: try DecryptionShare.combine(shares: verified, threshold: 2), associatedData: context)
    show("Lagrange-combined 2 shares, record opens: \(text(opened.unsafeArray()))")
    var tampered = try dealing.shares[1].decryptionShare(for: ciphertext).encoded
    tampered[DecryptionShare.byteCount - 32] ^= 0x01  // lowest bit of the proof's response s
    do {
        _ = try DecryptionShare(encoded: tampered).verify(groupKey: groupKey, ciphertext: ciphertext)
        show("a tampered share was accepted: this is a bug")
    } catch let error as CryptoError {
        show("admin 2 sends a share with one bit flipped: rejected (\(error.code))")
        show("  \"\(error.message)\"")
    }

    // 4. Exit token: the issuer signs without seeing the token; anyone can verify the result.
    step("4. Exit token: RFC 9474 blind RSA (RSABSSA-SHA384-PSS-Randomized)")
    let issuer = try BlindRSA.PrivateKey.generate(bits: 2048)
    show("issuer key: \(issuer.publicKey.modulusBitCount)-bit n = \(prefix(issuer.publicKey.modulus))")
    let token = try BlindRSA.prepare(message: Array("exit token, epoch 7".utf8))
    let blinding = try BlindRSA.blind(publicKey: issuer.publicKey, message: token)
    show("member prepares a \(token.count) B token and blinds it: \(prefix(blinding.blindedMessage))")
    let blindSignature = try BlindRSA.blindSign(privateKey: issuer, blindedMessage: blinding.blindedMessage)
    show("issuer blind-signs what it sees: \(prefix(blindSignature))")
    let signature = try BlindRSA.finalize(
        publicKey: issuer.publicKey, message: token, blindSignature: blindSignature, inverse: blinding.inverse)
    try BlindRSA.verify(publicKey: issuer.publicKey, message: token, signature: signature)
    show("member unblinds: signature \(prefix(signature)) verifies under the issuer key")
    var forged = token
    forged[forged.count - 1] ^= 0x01
    let forgedAccepted =
        (try? BlindRSA.verify(publicKey: issuer.publicKey, message: forged, signature: signature)) != nil
    show("the same signature on a token with one bit changed: \(forgedAccepted ? "ACCEPTED (bug)" : "rejected")")
    print("\nDone: identities, an authenticated link, a 2-of-3 escrow opening and an unlinkable token.")
}

do {
    try runDemo()
} catch {
    print("surety-demo failed: \(error)")
    exit(1)
}
