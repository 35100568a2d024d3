import CSodium

/// Raw ChaCha20 (RFC 8439 §2.4, 96-bit nonce, 32-bit block counter): an onion-layer candidate.
///
/// Unauthenticated: the onion layer authenticates with its running digest (Docs/SPEC.md §5).
public struct ChaCha20: Sendable {
    public static let keyLength = 32
    public static let nonceLength = 12

    private let key: SecretBytes

    public init(key: SecretBytes) throws(CryptoError) {
        guard key.count == ChaCha20.keyLength else {
            throw CryptoError(.invalidKeyLength, "ChaCha20 key must be 32 bytes, got \(key.count)")
        }
        Sodium.ensureInitialized()
        self.key = key
    }

    /// XORs the keystream for (`nonce`, starting block `counter`) into `buffer` in place.
    public func apply(to buffer: UnsafeMutableRawBufferPointer, nonce: UnsafeRawBufferPointer, counter: UInt32 = 0)
        throws(CryptoError)
    {
        guard nonce.count == ChaCha20.nonceLength else {
            throw CryptoError(.invalidLength, "ChaCha20 nonce must be 12 bytes, got \(nonce.count)")
        }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        // The 32-bit block counter must not wrap (RFC 8439 §2.4: at most 2^32 blocks per nonce);
        // libsodium aborts the process (sodium_misuse) if it would, so refuse first.
        let blocks = (UInt64(buffer.count) + 63) / 64
        guard UInt64(counter) + blocks <= 1 << 32 else {
            throw CryptoError(
                .messageTooLong,
                "ChaCha20: \(buffer.count) bytes from block \(counter) would wrap the 32-bit block counter")
        }
        let out = base.assumingMemoryBound(to: UInt8.self)
        key.withUnsafeBytes { k in
            _ = crypto_stream_chacha20_ietf_xor_ic(
                out, out, UInt64(buffer.count), nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), counter,
                k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// XORs the keystream into a copy of `bytes` (tests and small messages).
    public func apply(to bytes: [UInt8], nonce: [UInt8], counter: UInt32 = 0) throws(CryptoError) -> [UInt8] {
        guard nonce.count == ChaCha20.nonceLength else {
            throw CryptoError(.invalidLength, "ChaCha20 nonce must be 12 bytes, got \(nonce.count)")
        }
        var out = bytes
        // Result rather than a typed-throws closure: Swift 6.3.1 crashes on the latter here.
        let result: Result<Void, CryptoError> = out.withUnsafeMutableBytes { buf in
            nonce.withUnsafeBytes { n in
                Result { () throws(CryptoError) in try apply(to: buf, nonce: n, counter: counter) }
            }
        }
        try result.get()
        return out
    }

    /// Writes the 12-byte nonce `0x00000000 ‖ u64 BE counter` used by the onion layer (Docs/SPEC.md §5).
    public static func counterNonce(_ counter: UInt64) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: nonceLength)
        for index in 0..<8 {
            nonce[4 + index] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(index)))
        }
        return nonce
    }
}
