import CSodium

/// SHA-256 (FIPS 180-4) via libsodium's `crypto_hash_sha256`. Used for RFC 4231/5869 known-answer
/// tests of the generic HMAC and HKDF, and wherever an external format demands SHA-256.
public struct SHA256: HashFunction {
    public static let digestLength = 32
    public static let blockLength = 64

    private var storage: HashStateStorage

    public init() {
        Sodium.ensureInitialized()
        storage = HashStateStorage(byteCount: crypto_hash_sha256_statebytes())
        _ = crypto_hash_sha256_init(storage.typed(as: crypto_hash_sha256_state.self))
    }

    private mutating func uniqueStorage() -> HashStateStorage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let storage = uniqueStorage()
        _ = crypto_hash_sha256_update(
            storage.typed(as: crypto_hash_sha256_state.self), ContiguousByteAccess.bytePointer(bytes),
            UInt64(bytes.count))
    }

    public mutating func finalize(into digest: UnsafeMutableRawBufferPointer) {
        precondition(digest.count >= Self.digestLength, "digest buffer shorter than SHA256.digestLength")
        let storage = uniqueStorage()
        _ = crypto_hash_sha256_final(
            storage.typed(as: crypto_hash_sha256_state.self), ContiguousByteAccess.mutableBytePointer(digest))
        _ = crypto_hash_sha256_init(storage.typed(as: crypto_hash_sha256_state.self))
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: digestLength)
        digest.withUnsafeMutableBytes { out in
            _ = crypto_hash_sha256(
                ContiguousByteAccess.mutableBytePointer(out), ContiguousByteAccess.bytePointer(bytes),
                UInt64(bytes.count))
        }
        return digest
    }
}
