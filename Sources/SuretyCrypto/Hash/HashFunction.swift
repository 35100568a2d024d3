/// A cryptographic hash with an incremental interface.
///
/// Conforming types are values with copy-on-write state: copying a hasher part-way through a
/// message and continuing both copies is well defined (HMAC relies on this to reuse its keyed
/// inner and outer states). `update` and `finalize(into:)` allocate nothing, except that the first
/// mutation of a state shared with a copy copies it once.
public protocol HashFunction {
    /// Bytes of output.
    static var digestLength: Int { get }
    /// Bytes per compression-function block; HMAC (RFC 2104 §2) pads its key to this length.
    static var blockLength: Int { get }

    /// A hasher for a new message.
    init()

    /// Absorbs `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer)

    /// Writes the digest of everything absorbed so far into the first `digestLength` bytes of
    /// `digest` and resets the hasher to the state of `init()`.
    ///
    /// - Precondition: `digest.count >= Self.digestLength` (a caller bug, not an input error).
    mutating func finalize(into digest: UnsafeMutableRawBufferPointer)

    /// The digest of `bytes` in one call.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8]
}

extension HashFunction {
    /// Absorbs a byte collection (no copy when it is contiguous).
    public mutating func update(_ bytes: some Collection<UInt8>) {
        ContiguousByteAccess.with(bytes) { update($0) }
    }

    /// The digest of everything absorbed so far; resets the hasher.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Self.digestLength)
        digest.withUnsafeMutableBytes { finalize(into: $0) }
        return digest
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = Self()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of a byte collection in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        ContiguousByteAccess.with(bytes) { hash($0) }
    }
}
