public import SuretyCrypto

/// Who is at the other end of an established link, as its handshake proved (Docs/SPEC.md §2.3).
public struct LinkPeer: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A relay, identified by its Ed25519 identity key, which certified its link key.
        case relay(identity: [UInt8])
        /// A member's device, certified by the member key until `validUntil` (Unix seconds).
        case member(memberID: [UInt8], validUntil: UInt64)
        /// An initiator that presented no certificate (an authority's reachability probe).
        case anonymous
    }

    public var kind: Kind
    /// The peer's Noise static key.
    public var staticKey: X25519.PublicKey
    /// The Noise handshake hash (channel binding).
    public var handshakeHash: [UInt8]

    public init(kind: Kind, staticKey: X25519.PublicKey, handshakeHash: [UInt8]) {
        self.kind = kind
        self.staticKey = staticKey
        self.handshakeHash = handshakeHash
    }
}

/// How one end of a link proves itself and judges the other (closures so the services plug in
/// certificates and membership without this module knowing documents).
public struct LinkCredentials: Sendable {
    /// This end's Noise static key.
    public var staticKey: X25519.PrivateKey
    /// The handshake payload this end sends (its certificate, versions).
    public var payload: [UInt8]
    /// Checks the peer's payload against its proven static key; throws `LinkError` to refuse.
    public var verifyPeer: @Sendable (_ payload: [UInt8], _ staticKey: X25519.PublicKey) throws -> LinkPeer.Kind

    public init(
        staticKey: X25519.PrivateKey, payload: [UInt8],
        verifyPeer: @escaping @Sendable (_ payload: [UInt8], _ staticKey: X25519.PublicKey) throws -> LinkPeer.Kind
    ) {
        self.staticKey = staticKey
        self.payload = payload
        self.verifyPeer = verifyPeer
    }
}

/// Fired as a user inbound event once the handshake is done and the peer verified.
public struct LinkEstablished: Sendable {
    public var peer: LinkPeer
}
