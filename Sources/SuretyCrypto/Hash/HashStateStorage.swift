import CSodium

/// Heap storage for a libsodium incremental hash state.
///
/// The state lives on the heap because libsodium's BLAKE2b state is declared 64-byte aligned
/// (Swift imports it only as an opaque pointer, and a stored property could not guarantee the
/// alignment anyway). The state is wiped on release because an HMAC's inner and outer states
/// are derived from its key.
final class HashStateStorage {
    let pointer: UnsafeMutableRawPointer
    private let byteCount: Int

    /// Allocates `byteCount` zeroed, 64-byte-aligned bytes.
    init(byteCount: Int) {
        self.byteCount = max(byteCount, 1)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.byteCount, alignment: 64)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: self.byteCount)
    }

    /// The state as the opaque pointer Swift imports for over-aligned C structs.
    var opaque: OpaquePointer { OpaquePointer(pointer) }

    /// The state as a typed C struct pointer.
    func typed<State>(as type: State.Type) -> UnsafeMutablePointer<State> {
        pointer.bindMemory(to: type, capacity: 1)
    }

    /// A byte-for-byte copy: libsodium hash states are plain C structs without pointers.
    func copy() -> HashStateStorage {
        let other = HashStateStorage(byteCount: byteCount)
        other.pointer.copyMemory(from: UnsafeRawPointer(pointer), byteCount: byteCount)
        return other
    }

    deinit {
        sodium_memzero(pointer, byteCount)
        pointer.deallocate()
    }
}
