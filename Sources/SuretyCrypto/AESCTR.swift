import COpenSSL

/// AES-128-CTR / AES-256-CTR via libcrypto: the other onion-layer candidate (Docs/PERFORMANCE.md).
///
/// Holds one `EVP_CIPHER_CTX` keyed once; each `apply` resets the 16-byte IV, so there is no
/// per-call key schedule. Not `Sendable`: a context belongs to one circuit on one event loop.
public final class AESCTR {
    public static let ivLength = 16

    private let context: OpaquePointer

    /// `key` must be 16 (AES-128) or 32 (AES-256) bytes. The keystream starts at `iv` (default all zero).
    public init(key: SecretBytes, iv: [UInt8] = [UInt8](repeating: 0, count: 16)) throws(CryptoError) {
        guard iv.count == AESCTR.ivLength else {
            throw CryptoError(.invalidLength, "AES-CTR IV must be 16 bytes, got \(iv.count)")
        }
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_aes_128_ctr()
        case 32: cipher = EVP_aes_256_ctr()
        default: throw CryptoError(.invalidKeyLength, "AES-CTR key must be 16 or 32 bytes, got \(key.count)")
        }
        guard let cipher, let ctx = EVP_CIPHER_CTX_new() else {
            throw CryptoError(.libraryFailure, "EVP_CIPHER_CTX_new failed")
        }
        let ok = key.withUnsafeBytes { k in
            EVP_EncryptInit_ex(ctx, cipher, nil, k.baseAddress!.assumingMemoryBound(to: UInt8.self), iv)
        }
        guard ok == 1 else {
            EVP_CIPHER_CTX_free(ctx)
            throw CryptoError(.libraryFailure, "EVP_EncryptInit_ex failed")
        }
        context = ctx
    }

    deinit {
        // EVP_CIPHER_CTX_free cleanses the key schedule.
        EVP_CIPHER_CTX_free(context)
    }

    /// XORs the keystream for `iv` (a 128-bit big-endian counter block) into `buffer` in place.
    public func apply(to buffer: UnsafeMutableRawBufferPointer, iv: UnsafeRawBufferPointer) throws(CryptoError) {
        guard iv.count == AESCTR.ivLength else {
            throw CryptoError(.invalidLength, "AES-CTR IV must be 16 bytes, got \(iv.count)")
        }
        guard
            EVP_EncryptInit_ex(context, nil, nil, nil, iv.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 1
        else {
            throw CryptoError(.libraryFailure, "EVP_EncryptInit_ex(iv) failed")
        }
        try applyContinuing(to: buffer)
    }

    /// XORs the next `buffer.count` keystream bytes into `buffer`, continuing where the previous call
    /// stopped (the onion layer's one keystream per hop and direction, Docs/SPEC.md §5).
    public func applyContinuing(to buffer: UnsafeMutableRawBufferPointer) throws(CryptoError) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var remaining = buffer.count
        var offset = 0
        while remaining > 0 {
            let chunk = Int32(min(remaining, Int(Int32.max / 2)))
            var outLength: Int32 = 0
            guard EVP_EncryptUpdate(context, bytes + offset, &outLength, bytes + offset, chunk) == 1 else {
                throw CryptoError(.libraryFailure, "EVP_EncryptUpdate failed")
            }
            offset += Int(chunk)
            remaining -= Int(chunk)
        }
    }

    /// Continues the keystream over a copy of `bytes` (tests and small messages).
    public func applyContinuing(to bytes: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = bytes
        let result: Result<Void, CryptoError> = out.withUnsafeMutableBytes { buf in
            Result { () throws(CryptoError) in try applyContinuing(to: buf) }
        }
        try result.get()
        return out
    }

    /// XORs the keystream into a copy of `bytes` (tests and small messages).
    public func apply(to bytes: [UInt8], iv: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = bytes
        let result: Result<Void, CryptoError> = out.withUnsafeMutableBytes { buf in
            iv.withUnsafeBytes { i in Result { () throws(CryptoError) in try apply(to: buf, iv: i) } }
        }
        try result.get()
        return out
    }
}
