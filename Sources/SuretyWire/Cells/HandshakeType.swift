/// The hop handshake type in CREATE and EXTEND (Docs/SPEC.md §4.1).
///
/// Open struct: a relay decides whether it supports a type (and answers DESTROY(PROTOCOL) if
/// not), so the codec keeps unknown values.
public struct HandshakeType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Noise_NK_25519_ChaChaPoly_BLAKE2b, Docs/SPEC.md §4.2.
    public static let noiseNK = HandshakeType(rawValue: 1)
    /// Reserved for a post-quantum hybrid (Docs/SPEC.md §10.5).
    public static let reservedPostQuantum = HandshakeType(rawValue: 2)
}
