import CSodium

/// HMAC (RFC 2104) over any `HashFunction`.
///
/// Generic so that HMAC-BLAKE2b uses BLAKE2b's 128-byte block, which Noise's HKDF needs
/// (Noise §4.3, §12.8) and libsodium does not provide. The keyed inner and outer states are
/// computed once in `init` and kept, so one `HMAC` value can authenticate several messages:
/// `finalize` returns to the freshly keyed state.
public struct HMAC<H: HashFunction> {
    /// Bytes of output: the hash's digest length.
    public static var macLength: Int { H.digestLength }

    private let keyedInner: H
    private let keyedOuter: H
    private var inner: H
    private var outer: H

    /// Keys a MAC with `key` (any length; keys longer than the hash block are hashed first,
    /// RFC 2104 §2).
    public init(key: UnsafeRawBufferPointer) {
        var innerState = H()
        var outerState = H()
        // K0 lives in a zeroed temporary that is wiped before it is released.
        withUnsafeTemporaryAllocation(byteCount: H.blockLength, alignment: 16) { block in
            block.initializeMemory(as: UInt8.self, repeating: 0)
            if key.count > H.blockLength {
                var keyHash = H()
                keyHash.update(key)
                keyHash.finalize(into: UnsafeMutableRawBufferPointer(rebasing: block[0..<H.digestLength]))
            } else if !key.isEmpty {
                UnsafeMutableRawBufferPointer(rebasing: block[0..<key.count]).copyMemory(from: key)
            }
            for index in block.indices { block[index] ^= 0x36 }
            innerState.update(UnsafeRawBufferPointer(block))
            for index in block.indices { block[index] ^= 0x36 ^ 0x5c }
            outerState.update(UnsafeRawBufferPointer(block))
            if let base = block.baseAddress { sodium_memzero(base, block.count) }
        }
        keyedInner = innerState
        keyedOuter = outerState
        inner = innerState
        outer = outerState
    }

    /// Keys a MAC with a secret key.
    public init(key: SecretBytes) {
        self = key.withUnsafeBytes { HMAC(key: $0) }
    }

    /// Absorbs message bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }

    /// Absorbs message bytes (no copy when the collection is contiguous).
    public mutating func update(_ bytes: some Collection<UInt8>) {
        ContiguousByteAccess.with(bytes) { inner.update($0) }
    }

    /// Writes the MAC into the first `macLength` bytes of `mac` and returns to the freshly keyed
    /// state. Does not allocate.
    ///
    /// - Precondition: `mac.count >= macLength`.
    public mutating func finalize(into mac: UnsafeMutableRawBufferPointer) {
        precondition(mac.count >= H.digestLength, "MAC buffer shorter than HMAC.macLength")
        withUnsafeTemporaryAllocation(byteCount: H.digestLength, alignment: 16) { innerDigest in
            inner.finalize(into: innerDigest)
            outer.update(UnsafeRawBufferPointer(innerDigest))
            if let base = innerDigest.baseAddress { sodium_memzero(base, innerDigest.count) }
        }
        outer.finalize(into: mac)
        inner = keyedInner
        outer = keyedOuter
    }

    /// The MAC of everything absorbed since the last `finalize`.
    public mutating func finalize() -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: H.digestLength)
        mac.withUnsafeMutableBytes { finalize(into: $0) }
        return mac
    }

    /// HMAC(key, message) in one call.
    public static func authenticationCode(for message: some Collection<UInt8>, key: SecretBytes) -> [UInt8] {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// Whether `code` is HMAC(key, message), compared in constant time.
    public static func isValidAuthenticationCode(
        _ code: some Collection<UInt8>,
        for message: some Collection<UInt8>,
        key: SecretBytes
    ) -> Bool {
        ConstantTime.equal(authenticationCode(for: message, key: key), code)
    }
}
