import CSodium

/// SHA-512 (FIPS 180-4) via libsodium's `crypto_hash_sha512`.
/// Available for formats that require it; Surety's own constructions use BLAKE2b.
public struct SHA512: HashFunction {
    public static let digestLength = 64
    public static let blockLength = 128

    private var storage: HashStateStorage

    public init() {
        Sodium.ensureInitialized()
        storage = HashStateStorage(byteCount: crypto_hash_sha512_statebytes())
        _ = crypto_hash_sha512_init(storage.typed(as: crypto_hash_sha512_state.self))
    }

    private mutating func uniqueStorage() -> HashStateStorage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let storage = uniqueStorage()
        _ = crypto_hash_sha512_update(
            storage.typed(as: crypto_hash_sha512_state.self), ContiguousByteAccess.bytePointer(bytes),
            UInt64(bytes.count))
    }

    public mutating func finalize(into digest: UnsafeMutableRawBufferPointer) {
        precondition(digest.count >= Self.digestLength, "digest buffer shorter than SHA512.digestLength")
        let storage = uniqueStorage()
        _ = crypto_hash_sha512_final(
            storage.typed(as: crypto_hash_sha512_state.self), ContiguousByteAccess.mutableBytePointer(digest))
        _ = crypto_hash_sha512_init(storage.typed(as: crypto_hash_sha512_state.self))
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: digestLength)
        digest.withUnsafeMutableBytes { out in
            _ = crypto_hash_sha512(
                ContiguousByteAccess.mutableBytePointer(out), ContiguousByteAccess.bytePointer(bytes),
                UInt64(bytes.count))
        }
        return digest
    }
}
