import CSodium

/// Variable-length and keyed BLAKE2b (RFC 7693) via libsodium's `crypto_generichash`, and the
/// key-derivation function Surety uses for domain-separated subkeys.
///
/// For the fixed 64-byte unkeyed hash with an incremental interface, see `BLAKE2b512`.
public enum BLAKE2b {
    /// Shortest output this API produces. RFC 7693 allows 1 byte; anything under 16 is too short
    /// to be a MAC or a key, so it is refused here.
    public static let minimumOutputLength = 16
    /// Longest BLAKE2b output (RFC 7693 §2.1, `nn` ≤ 64).
    public static let maximumOutputLength = 64
    /// Longest BLAKE2b key (RFC 7693 §2.1, `kk` ≤ 64).
    public static let maximumKeyLength = 64
    /// Shortest master key `deriveKey` accepts.
    public static let minimumDerivationKeyLength = 16

    /// The BLAKE2b personalization block that `deriveKey` uses (16 bytes: this ASCII text, zero padded).
    public static let derivationPersonalization = "SuretyKDF-v1"

    /// BLAKE2b of `bytes` with `outputLength` bytes of output, keyed when `key` is given (RFC 7693 §3.3:
    /// the key is padded to a block and prepended; it then acts as a MAC key).
    ///
    /// - Throws: `.invalidParameter` for an output length outside 16...64, `.invalidKeyLength` for a
    ///   key longer than 64 bytes.
    public static func hash(
        _ bytes: some Collection<UInt8>,
        outputLength: Int = 64,
        key: SecretBytes? = nil
    ) throws -> [UInt8] {
        try checkOutputLength(outputLength)
        let keyLength = key?.count ?? 0
        guard keyLength <= maximumKeyLength else {
            throw CryptoError(.invalidKeyLength, "BLAKE2b key is \(keyLength) bytes; at most 64 allowed")
        }
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: outputLength)
        let rc = ContiguousByteAccess.with(bytes) { input in
            withOptionalKey(key) { keyBytes in
                digest.withUnsafeMutableBytes { out in
                    crypto_generichash(
                        ContiguousByteAccess.mutableBytePointer(out), outputLength,
                        ContiguousByteAccess.bytePointer(input), UInt64(input.count),
                        ContiguousByteAccess.bytePointer(keyBytes), keyBytes.count)
                }
            }
        }
        guard rc == 0 else { throw CryptoError(.libraryFailure, "crypto_generichash failed") }
        return digest
    }

    /// Derives a subkey bound to `context` from a master `key`.
    ///
    /// Exact construction (BLAKE2 parameter block as in the BLAKE2 paper §2.5, computed with
    /// libsodium's `crypto_generichash_blake2b_salt_personal`):
    ///
    ///     subkey = BLAKE2b(digest_length = length,
    ///                      key           = key,                              // 16...64 bytes
    ///                      salt          = 16 zero bytes,
    ///                      personal      = "SuretyKDF-v1" || 4 zero bytes,   // 16 bytes
    ///                      message       = UTF-8(context))
    ///
    /// The personalization separates this KDF from every other keyed-BLAKE2b use of the same key;
    /// the context is the whole message, so distinct contexts never collide; the output length is
    /// part of the parameter block, so a 32-byte and a 64-byte subkey for one context are unrelated.
    /// Equivalent to Python's `hashlib.blake2b(context, digest_size=length, key=key,
    /// person=b"SuretyKDF-v1")`.
    ///
    /// - Throws: `.invalidKeyLength` unless `key` is 16...64 bytes; `.invalidParameter` for an empty
    ///   context or a length outside 16...64.
    public static func deriveKey(from key: SecretBytes, context: String, length: Int = 32) throws -> SecretBytes {
        guard (minimumDerivationKeyLength...maximumKeyLength).contains(key.count) else {
            throw CryptoError(.invalidKeyLength, "KDF master key is \(key.count) bytes; 16...64 required")
        }
        try checkOutputLength(length)
        let contextBytes = Array(context.utf8)
        guard !contextBytes.isEmpty else {
            throw CryptoError(.invalidParameter, "KDF context must not be empty")
        }
        var personal = [UInt8](repeating: 0, count: Int(crypto_generichash_blake2b_PERSONALBYTES))
        personal.replaceSubrange(0..<derivationPersonalization.utf8.count, with: derivationPersonalization.utf8)
        Sodium.ensureInitialized()
        return try SecretBytes(count: length) { out in
            let rc = key.withUnsafeBytes { keyBytes in
                contextBytes.withUnsafeBytes { input in
                    crypto_generichash_blake2b_salt_personal(
                        ContiguousByteAccess.mutableBytePointer(out), length,
                        ContiguousByteAccess.bytePointer(input), UInt64(input.count),
                        ContiguousByteAccess.bytePointer(keyBytes), keyBytes.count,
                        nil, personal)
                }
            }
            guard rc == 0 else { throw CryptoError(.libraryFailure, "crypto_generichash_blake2b_salt_personal failed") }
        }
    }

    private static func checkOutputLength(_ length: Int) throws {
        guard (minimumOutputLength...maximumOutputLength).contains(length) else {
            throw CryptoError(.invalidParameter, "BLAKE2b output length \(length) outside 16...64")
        }
    }

    private static func withOptionalKey<Result>(
        _ key: SecretBytes?,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        if let key { return key.withUnsafeBytes(body) }
        return body(UnsafeRawBufferPointer(start: nil, count: 0))
    }
}
