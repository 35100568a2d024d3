import CSodium

/// A keyed, running BLAKE2b over every relay cell a hop sends or receives in one direction: the
/// onion layer's integrity check and "recognized" test (Docs/SPEC.md §5, Tor's tor1 shape).
///
/// `tag(afterAbsorbing:)` works on a scratch copy of the state, so a hop can test whether a cell is
/// for it without committing; `absorb` commits. A class (libsodium's state is 64-byte aligned and
/// opaque to Swift) that owns its state and scratch memory, so the hot path allocates nothing.
/// Not `Sendable` by design: one circuit, one event loop.
public final class RunningDigest {
    /// Bytes of the running hash output carried in each relay cell.
    public static let tagLength = 8
    /// BLAKE2b's smallest output is 16 bytes; the tag is its prefix.
    private static let outputLength = 16

    private let stateSize: Int
    private let state: UnsafeMutableRawPointer
    private let scratch: UnsafeMutableRawPointer
    /// The state after the last `tag(afterAbsorbing:)`, kept so `commitLastTag` need not hash again.
    private let tentative: UnsafeMutableRawPointer

    /// `key` must be 16…64 bytes (BLAKE2b key range).
    public init(key: SecretBytes) throws(CryptoError) {
        guard key.count >= 16 && key.count <= 64 else {
            throw CryptoError(.invalidKeyLength, "running digest key must be 16...64 bytes, got \(key.count)")
        }
        Sodium.ensureInitialized()
        stateSize = crypto_generichash_statebytes()
        state = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        scratch = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        tentative = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        let statePointer = OpaquePointer(state)
        key.withUnsafeBytes { k in
            _ = crypto_generichash_init(
                statePointer, k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count, Self.outputLength)
        }
    }

    deinit {
        // The state holds the key schedule: wipe it.
        sodium_memzero(state, stateSize)
        sodium_memzero(scratch, stateSize)
        sodium_memzero(tentative, stateSize)
        state.deallocate()
        scratch.deallocate()
        tentative.deallocate()
    }

    /// Absorbs `bytes` into the running state (commits).
    public func absorb(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = crypto_generichash_update(
            OpaquePointer(state), base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// The tag the state would have after absorbing `bytes`, without changing the state.
    /// `commitLastTag()` then adopts that state without hashing the bytes again.
    public func tag(afterAbsorbing bytes: UnsafeRawBufferPointer) -> UInt64 {
        tentative.copyMemory(from: state, byteCount: stateSize)
        if let base = bytes.baseAddress, bytes.count > 0 {
            _ = crypto_generichash_update(
                OpaquePointer(tentative), base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
        }
        scratch.copyMemory(from: tentative, byteCount: stateSize)
        return finalizeScratch()
    }

    /// Commits the bytes given to the last `tag(afterAbsorbing:)` (as if `absorb` had been called).
    public func commitLastTag() {
        state.copyMemory(from: tentative, byteCount: stateSize)
    }

    /// The tag of everything absorbed so far.
    public func currentTag() -> UInt64 {
        scratch.copyMemory(from: state, byteCount: stateSize)
        return finalizeScratch()
    }

    private func finalizeScratch() -> UInt64 {
        var out = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &out) { buffer in
            _ = crypto_generichash_final(
                OpaquePointer(scratch), buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), Self.outputLength)
        }
        // Big-endian view of the first 8 output bytes, so the tag's wire bytes are the hash prefix.
        return UInt64(bigEndian: out.0)
    }
}
