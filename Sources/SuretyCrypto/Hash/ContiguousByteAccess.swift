/// Gives libsodium a contiguous view of any byte collection without copying when the
/// collection already stores its bytes contiguously (Array, ArraySlice, buffer pointers).
enum ContiguousByteAccess {
    @inline(__always)
    static func with<Bytes: Collection<UInt8>, Result>(
        _ bytes: Bytes,
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        if let result = try bytes.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes(body)
    }

    /// The buffer's base address typed the way libsodium's `const unsigned char *` parameters want it
    /// (`nil` for an empty buffer, which libsodium accepts together with a zero length).
    @inline(__always)
    static func bytePointer(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    /// The base address of a fixed-size input (key, nonce, public key) that libsodium declares `nonnull`.
    ///
    /// - Precondition: `buffer` is not empty; callers check key and nonce lengths before calling.
    @inline(__always)
    static func requiredBytePointer(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        guard let base = buffer.baseAddress else { preconditionFailure("empty key or nonce passed to libsodium") }
        return base.assumingMemoryBound(to: UInt8.self)
    }

    /// The base address of an output buffer, which libsodium declares `nonnull`.
    ///
    /// - Precondition: `buffer` is not empty. Every caller sizes its output buffers itself (digests,
    ///   tags, keys) or has already rejected a short caller-supplied buffer with a thrown error.
    @inline(__always)
    static func mutableBytePointer(_ buffer: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<UInt8> {
        guard let base = buffer.baseAddress else { preconditionFailure("empty output buffer passed to libsodium") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
