import CSodium

/// ChaCha20-Poly1305 AEAD, IETF variant (RFC 8439 §2.8: 32-byte key, 12-byte nonce, 16-byte tag),
/// via libsodium's `crypto_aead_chacha20poly1305_ietf_*`. This is Noise's `ChaChaPoly` cipher
/// (Noise §12.3).
///
/// Three shapes: combined (`ciphertext || tag` arrays), detached (tag kept apart) and in place on
/// caller-owned buffers. Links encrypt batches of cells with the in-place form, which neither
/// allocates nor copies.
public enum ChaChaPoly {
    public static let keyLength = 32
    public static let nonceLength = 12
    public static let tagLength = 16

    // MARK: Combined

    /// Encrypts and authenticates; returns `ciphertext || tag` (`plaintext.count + 16` bytes).
    ///
    /// - Throws: `.invalidKeyLength` (key ≠ 32 bytes), `.invalidLength` (nonce ≠ 12 bytes),
    ///   `.messageTooLong` (beyond libsodium's limit of about 256 GiB).
    public static func seal(
        _ plaintext: some Collection<UInt8>,
        key: SecretBytes,
        nonce: some Collection<UInt8>,
        authenticating associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> [UInt8] {
        try ContiguousByteAccess.with(plaintext) { message in
            try ContiguousByteAccess.with(nonce) { nonceBytes in
                try ContiguousByteAccess.with(associatedData) { ad in
                    try key.withUnsafeBytes { keyBytes in
                        var sealed = [UInt8](repeating: 0, count: message.count + tagLength)
                        try sealed.withUnsafeMutableBytes { output in
                            try sealCore(
                                key: keyBytes, nonce: nonceBytes, associatedData: ad, message: message,
                                ciphertext: output,
                                tag: UnsafeMutableRawBufferPointer(rebasing: output[message.count...]))
                        }
                        return sealed
                    }
                }
            }
        }
    }

    /// Verifies and decrypts `ciphertext || tag`; returns the plaintext.
    ///
    /// - Throws: `.authenticationFailed` if the tag does not verify (wrong key, nonce, associated
    ///   data, or any altered byte); `.invalidLength` if `sealed` is shorter than a tag or the nonce
    ///   is not 12 bytes; `.invalidKeyLength`.
    public static func open(
        _ sealed: some Collection<UInt8>,
        key: SecretBytes,
        nonce: some Collection<UInt8>,
        authenticating associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> [UInt8] {
        try ContiguousByteAccess.with(sealed) { input in
            guard input.count >= tagLength else {
                throw CryptoError(.invalidLength, "sealed message is \(input.count) bytes; shorter than the tag")
            }
            let ciphertextLength = input.count - tagLength
            return try openDetached(
                ciphertext: UnsafeRawBufferPointer(rebasing: input[0..<ciphertextLength]),
                tag: UnsafeRawBufferPointer(rebasing: input[ciphertextLength...]),
                key: key, nonce: nonce, authenticating: associatedData)
        }
    }

    // MARK: Detached

    /// Encrypts and authenticates; returns the ciphertext (same length as the plaintext) and the tag.
    public static func sealDetached(
        _ plaintext: some Collection<UInt8>,
        key: SecretBytes,
        nonce: some Collection<UInt8>,
        authenticating associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        var sealed = try seal(plaintext, key: key, nonce: nonce, authenticating: associatedData)
        let tag = Array(sealed[(sealed.count - tagLength)...])
        sealed.removeLast(tagLength)
        return (sealed, tag)
    }

    /// Verifies `tag` over `ciphertext` and decrypts it.
    ///
    /// - Throws: as `open`; `.invalidLength` if `tag` is not 16 bytes.
    public static func openDetached(
        ciphertext: some Collection<UInt8>,
        tag: some Collection<UInt8>,
        key: SecretBytes,
        nonce: some Collection<UInt8>,
        authenticating associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> [UInt8] {
        try ContiguousByteAccess.with(ciphertext) { input in
            try ContiguousByteAccess.with(tag) { tagBytes in
                try ContiguousByteAccess.with(nonce) { nonceBytes in
                    try ContiguousByteAccess.with(associatedData) { ad in
                        try key.withUnsafeBytes { keyBytes in
                            var plaintext = [UInt8](repeating: 0, count: input.count)
                            try plaintext.withUnsafeMutableBytes { output in
                                try openCore(
                                    key: keyBytes, nonce: nonceBytes, associatedData: ad, ciphertext: input,
                                    tag: tagBytes, plaintext: output)
                            }
                            return plaintext
                        }
                    }
                }
            }
        }
    }

    // MARK: In place

    /// Encrypts `buffer[0..<plaintextLength]` in place and writes the tag to
    /// `buffer[plaintextLength..<plaintextLength + 16]`. Returns `plaintextLength + 16`.
    ///
    /// - Throws: `.invalidLength` if the buffer has no room for the tag or the nonce is not
    ///   12 bytes; `.invalidKeyLength`; `.messageTooLong`.
    @discardableResult
    public static func sealInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        plaintextLength: Int,
        key: SecretBytes,
        nonce: UnsafeRawBufferPointer,
        authenticating associatedData: UnsafeRawBufferPointer
    ) throws -> Int {
        try key.withUnsafeBytes { keyBytes in
            try sealInPlace(
                buffer, plaintextLength: plaintextLength, key: keyBytes, nonce: nonce,
                associatedData: associatedData)
        }
    }

    /// Verifies and decrypts `buffer` (`ciphertext || tag`) in place. Returns the plaintext length;
    /// the plaintext is `buffer[0..<result]`.
    ///
    /// On `.authenticationFailed` libsodium zeroes the ciphertext part of the buffer, so nothing
    /// unauthenticated is left behind.
    public static func openInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        key: SecretBytes,
        nonce: UnsafeRawBufferPointer,
        authenticating associatedData: UnsafeRawBufferPointer
    ) throws -> Int {
        try key.withUnsafeBytes { keyBytes in
            try openInPlace(buffer, key: keyBytes, nonce: nonce, associatedData: associatedData)
        }
    }

    /// Encrypts `buffer` in place and writes the 16-byte tag to `tag`.
    public static func sealInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer,
        key: SecretBytes,
        nonce: UnsafeRawBufferPointer,
        authenticating associatedData: UnsafeRawBufferPointer
    ) throws {
        guard tag.count == tagLength else {
            throw CryptoError(.invalidLength, "tag buffer is \(tag.count) bytes; 16 required")
        }
        try key.withUnsafeBytes { keyBytes in
            try sealCore(
                key: keyBytes, nonce: nonce, associatedData: associatedData, message: UnsafeRawBufferPointer(buffer),
                ciphertext: buffer, tag: tag)
        }
    }

    /// Verifies the 16-byte `tag` over `buffer` and decrypts `buffer` in place.
    public static func openInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        tag: UnsafeRawBufferPointer,
        key: SecretBytes,
        nonce: UnsafeRawBufferPointer,
        authenticating associatedData: UnsafeRawBufferPointer
    ) throws {
        try key.withUnsafeBytes { keyBytes in
            try openCore(
                key: keyBytes, nonce: nonce, associatedData: associatedData, ciphertext: UnsafeRawBufferPointer(buffer),
                tag: tag, plaintext: buffer)
        }
    }

    // MARK: Raw-key variants (Noise cipher states)

    static func sealInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        plaintextLength: Int,
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer
    ) throws -> Int {
        guard plaintextLength >= 0, plaintextLength <= buffer.count - tagLength else {
            throw CryptoError(
                .invalidLength,
                "buffer of \(buffer.count) bytes cannot hold \(plaintextLength) plaintext bytes and a tag")
        }
        try sealCore(
            key: key, nonce: nonce, associatedData: associatedData,
            message: UnsafeRawBufferPointer(rebasing: buffer[0..<plaintextLength]),
            ciphertext: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<plaintextLength]),
            tag: UnsafeMutableRawBufferPointer(rebasing: buffer[plaintextLength..<(plaintextLength + tagLength)]))
        return plaintextLength + tagLength
    }

    static func openInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer
    ) throws -> Int {
        guard buffer.count >= tagLength else {
            throw CryptoError(.invalidLength, "sealed message is \(buffer.count) bytes; shorter than the tag")
        }
        let ciphertextLength = buffer.count - tagLength
        try openCore(
            key: key, nonce: nonce, associatedData: associatedData,
            ciphertext: UnsafeRawBufferPointer(rebasing: buffer[0..<ciphertextLength]),
            tag: UnsafeRawBufferPointer(rebasing: buffer[ciphertextLength...]),
            plaintext: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<ciphertextLength]))
        return ciphertextLength
    }

    // MARK: Core

    private static func checkParameters(key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, length: Int) throws
    {
        guard key.count == keyLength else {
            throw CryptoError(.invalidKeyLength, "ChaCha20-Poly1305 key is \(key.count) bytes; 32 required")
        }
        guard nonce.count == nonceLength else {
            throw CryptoError(.invalidLength, "ChaCha20-Poly1305 nonce is \(nonce.count) bytes; 12 required")
        }
        guard length <= crypto_aead_chacha20poly1305_ietf_messagebytes_max() else {
            throw CryptoError(.messageTooLong, "ChaCha20-Poly1305 message of \(length) bytes is too long")
        }
    }

    /// `ciphertext` may be the same memory as `message` (libsodium XORs the keystream in place).
    private static func sealCore(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer,
        ciphertext: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer
    ) throws {
        try checkParameters(key: key, nonce: nonce, length: message.count)
        Sodium.ensureInitialized()
        // libsodium requires a non-null ciphertext pointer even for an empty message.
        let output = ciphertext.baseAddress ?? tag.baseAddress
        guard let output, ciphertext.count >= message.count, tag.count >= tagLength else {
            throw CryptoError(.invalidLength, "ChaCha20-Poly1305 output buffers are too small")
        }
        let rc = crypto_aead_chacha20poly1305_ietf_encrypt_detached(
            output.assumingMemoryBound(to: UInt8.self),
            ContiguousByteAccess.mutableBytePointer(tag), nil,
            ContiguousByteAccess.bytePointer(message), UInt64(message.count),
            ContiguousByteAccess.bytePointer(associatedData), UInt64(associatedData.count),
            nil, ContiguousByteAccess.requiredBytePointer(nonce), ContiguousByteAccess.requiredBytePointer(key))
        guard rc == 0 else { throw CryptoError(.libraryFailure, "ChaCha20-Poly1305 encryption failed") }
    }

    /// `plaintext` may be the same memory as `ciphertext`.
    private static func openCore(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer,
        tag: UnsafeRawBufferPointer,
        plaintext: UnsafeMutableRawBufferPointer
    ) throws {
        try checkParameters(key: key, nonce: nonce, length: ciphertext.count)
        guard tag.count == tagLength else {
            throw CryptoError(.invalidLength, "ChaCha20-Poly1305 tag is \(tag.count) bytes; 16 required")
        }
        guard plaintext.count >= ciphertext.count else {
            throw CryptoError(.invalidLength, "plaintext buffer is shorter than the ciphertext")
        }
        Sodium.ensureInitialized()
        // libsodium reads the ciphertext through a nonnull pointer; an empty one has no address.
        let input = ciphertext.baseAddress ?? tag.baseAddress
        guard let input else { throw CryptoError(.invalidLength, "missing ChaCha20-Poly1305 tag") }
        let rc = crypto_aead_chacha20poly1305_ietf_decrypt_detached(
            plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), nil,
            input.assumingMemoryBound(to: UInt8.self), UInt64(ciphertext.count),
            ContiguousByteAccess.requiredBytePointer(tag),
            ContiguousByteAccess.bytePointer(associatedData), UInt64(associatedData.count),
            ContiguousByteAccess.requiredBytePointer(nonce), ContiguousByteAccess.requiredBytePointer(key))
        guard rc == 0 else {
            throw CryptoError(.authenticationFailed, "ChaCha20-Poly1305 tag did not verify")
        }
    }
}
