import CSodium

/// BLAKE2b with a 64-byte digest and no key (RFC 7693), via libsodium's `crypto_generichash`.
///
/// This is the hash of `Noise_*_25519_ChaChaPoly_BLAKE2b` (Noise §12.8: HASHLEN 64, BLOCKLEN 128).
public struct BLAKE2b512: HashFunction {
    public static let digestLength = 64
    public static let blockLength = 128

    private var storage: HashStateStorage

    public init() {
        Sodium.ensureInitialized()
        storage = HashStateStorage(byteCount: crypto_generichash_blake2b_statebytes())
        Self.reset(storage)
    }

    private static func reset(_ storage: HashStateStorage) {
        // Fails only for an output length outside 1...64 or a key longer than 64 bytes.
        let rc = crypto_generichash_blake2b_init(storage.opaque, nil, 0, digestLength)
        precondition(rc == 0, "crypto_generichash_init rejected constant parameters")
    }

    private mutating func uniqueStorage() -> HashStateStorage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let storage = uniqueStorage()
        _ = crypto_generichash_blake2b_update(
            storage.opaque, ContiguousByteAccess.bytePointer(bytes), UInt64(bytes.count))
    }

    public mutating func finalize(into digest: UnsafeMutableRawBufferPointer) {
        precondition(digest.count >= Self.digestLength, "digest buffer shorter than BLAKE2b512.digestLength")
        let storage = uniqueStorage()
        let rc = crypto_generichash_blake2b_final(
            storage.opaque, ContiguousByteAccess.mutableBytePointer(digest), Self.digestLength)
        precondition(rc == 0, "crypto_generichash_final failed on a live state")
        Self.reset(storage)
    }

    /// One call to `crypto_generichash`, without an incremental state.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: digestLength)
        let rc = digest.withUnsafeMutableBytes { out in
            crypto_generichash(
                ContiguousByteAccess.mutableBytePointer(out), digestLength,
                ContiguousByteAccess.bytePointer(bytes), UInt64(bytes.count), nil, 0)
        }
        precondition(rc == 0, "crypto_generichash rejected constant parameters")
        return digest
    }
}
