import CSodium

/// Heap storage for secret material that is wiped with `sodium_memzero` when released.
final class SecretStorage: @unchecked Sendable {
    // Immutable after init; the only mutation is the wipe in deinit, which happens once no
    // other reference exists. That is why @unchecked Sendable is sound here.
    let pointer: UnsafeMutableRawBufferPointer

    init(count: Int) {
        pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0)
        if count == 0 {
            // Keep a 1-byte allocation but expose an empty view.
        }
        self.count = count
    }

    let count: Int

    deinit {
        sodium_memzero(pointer.baseAddress, pointer.count)
        pointer.deallocate()
    }
}

/// Secret bytes (keys, shared secrets, seeds) that are zeroised when the last copy is released,
/// compare in constant time and never print their contents.
public struct SecretBytes: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let storage: SecretStorage

    /// Copies `bytes` into zeroising storage. The caller should wipe its own copy if it can.
    public init(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        storage = SecretStorage(count: array.count)
        array.withUnsafeBytes { src in
            if let base = src.baseAddress { storage.pointer.baseAddress!.copyMemory(from: base, byteCount: src.count) }
        }
    }

    /// Allocates `count` zeroed bytes and lets `body` fill them.
    public init(count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        storage = SecretStorage(count: count)
        try body(UnsafeMutableRawBufferPointer(rebasing: storage.pointer[0..<count]))
    }

    /// `count` bytes from the CSPRNG.
    public static func random(count: Int) -> SecretBytes {
        SecureRandom.secret(count: count)
    }

    public var count: Int { storage.count }

    /// Read-only access to the secret bytes; do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage.pointer[0..<storage.count]))
    }

    /// Copies the secret into a plain array. Use only where an API needs `[UInt8]` (tests, KATs).
    public func unsafeArray() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    public var description: String { "SecretBytes([scrubbed], \(count) bytes)" }
    public var debugDescription: String { description }
}

extension SecretBytes: Equatable {
    /// Constant-time comparison (lengths are not secret).
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.withUnsafeBytes { l in rhs.withUnsafeBytes { r in ConstantTime.equal(l, r) } }
    }
}
