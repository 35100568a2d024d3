import CSodium

/// Constant-time helpers over libsodium.
public enum ConstantTime {
    /// Compares two buffers without an early exit. Buffers of different length are unequal
    /// (length is treated as public).
    public static func equal(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count == 0 { return true }
        return sodium_memcmp(lhs.baseAddress, rhs.baseAddress, lhs.count) == 0
    }

    /// Compares two byte collections in constant time (for their common, public length).
    public static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        let l = Array(lhs)
        let r = Array(rhs)
        return l.withUnsafeBytes { lp in r.withUnsafeBytes { rp in equal(lp, rp) } }
    }

    /// Wipes a mutable array in place (best effort: Swift may have made copies earlier).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }
}
