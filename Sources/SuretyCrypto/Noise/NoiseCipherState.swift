import CSodium

/// A Noise CipherState (Noise §5.1): a ChaChaPoly key `k` (possibly empty) and a 64-bit nonce `n`.
///
/// The nonce is encoded as 4 zero bytes followed by `n` little-endian (Noise §12.3). `n = 2^64−1`
/// is reserved for `rekey()`; an encryption or decryption that would use it throws
/// `.nonceExhausted` and the session must end.
///
/// This is a value type: a copy carries a copy of the nonce counter. Encrypt with only one copy,
/// or two messages will share a nonce.
public struct NoiseCipherState: Sendable {
    /// The reserved nonce value (Noise §5.1).
    public static let reservedNonce = UInt64.max

    private var key: SecretBytes?
    /// The next nonce to use.
    public private(set) var nonce: UInt64 = 0

    /// A cipher state with an empty key: encryption is the identity (Noise §5.1 `InitializeKey(empty)`).
    public init() {}

    /// `InitializeKey(key)`: a 32-byte key and nonce 0.
    ///
    /// - Throws: `.invalidKeyLength` unless the key is 32 bytes.
    public init(key: SecretBytes) throws {
        guard key.count == ChaChaPoly.keyLength else {
            throw CryptoError(.invalidKeyLength, "Noise cipher key is \(key.count) bytes; 32 required")
        }
        self.key = key
    }

    /// `HasKey()`.
    public var hasKey: Bool { key != nil }

    /// `SetNonce(nonce)`: for protocols that carry explicit nonces (Noise §11.4). Surety's links do not.
    public mutating func setNonce(_ nonce: UInt64) {
        self.nonce = nonce
    }

    /// `EncryptWithAd(ad, plaintext)`: returns `ciphertext || tag` and advances the nonce, or the
    /// plaintext unchanged when the key is empty.
    ///
    /// - Throws: `.nonceExhausted` when the nonce has reached 2^64−1.
    public mutating func encrypt(
        _ plaintext: some Collection<UInt8>,
        associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> [UInt8] {
        guard key != nil else { return Array(plaintext) }
        var output = Array(plaintext)
        let length = output.count
        output.append(contentsOf: repeatElement(0, count: ChaChaPoly.tagLength))
        try output.withUnsafeMutableBytes { buffer in
            try ContiguousByteAccess.with(associatedData) { ad in
                _ = try encryptInPlace(buffer, plaintextLength: length, associatedData: ad)
            }
        }
        return output
    }

    /// `DecryptWithAd(ad, ciphertext)`: verifies and decrypts `ciphertext || tag` and advances the
    /// nonce, or returns the input unchanged when the key is empty. On failure the nonce does not
    /// advance (Noise §5.1).
    ///
    /// - Throws: `.authenticationFailed`; `.invalidLength` if shorter than a tag; `.nonceExhausted`.
    public mutating func decrypt(
        _ ciphertext: some Collection<UInt8>,
        associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> [UInt8] {
        guard key != nil else { return Array(ciphertext) }
        var buffer = Array(ciphertext)
        let length = try buffer.withUnsafeMutableBytes { bytes in
            try ContiguousByteAccess.with(associatedData) { ad in
                try decryptInPlace(bytes, associatedData: ad)
            }
        }
        buffer.removeLast(buffer.count - length)
        return buffer
    }

    /// `EncryptWithAd` in place: encrypts `buffer[0..<plaintextLength]` and writes the tag right
    /// after it. Returns the ciphertext length (`plaintextLength + 16`, or `plaintextLength` when the
    /// key is empty). Does not allocate.
    ///
    /// - Throws: `.nonceExhausted`; `.invalidLength` if the buffer has no room for the tag.
    public mutating func encryptInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        plaintextLength: Int,
        associatedData: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    ) throws -> Int {
        guard let key else {
            guard plaintextLength >= 0, plaintextLength <= buffer.count else {
                throw CryptoError(.invalidLength, "plaintext length \(plaintextLength) exceeds the buffer")
            }
            return plaintextLength
        }
        guard nonce != Self.reservedNonce else {
            throw CryptoError(.nonceExhausted, "Noise cipher state used all 2^64-1 nonces")
        }
        let length = try key.withUnsafeBytes { keyBytes in
            try Self.withNonceBytes(nonce) { nonceBytes in
                try ChaChaPoly.sealInPlace(
                    buffer, plaintextLength: plaintextLength, key: keyBytes, nonce: nonceBytes,
                    associatedData: associatedData)
            }
        }
        nonce += 1
        return length
    }

    /// `DecryptWithAd` in place on `ciphertext || tag`. Returns the plaintext length; the plaintext
    /// is `buffer[0..<result]`. Does not allocate. The nonce advances only on success.
    ///
    /// - Throws: `.authenticationFailed`; `.invalidLength`; `.nonceExhausted`.
    public mutating func decryptInPlace(
        _ buffer: UnsafeMutableRawBufferPointer,
        associatedData: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    ) throws -> Int {
        guard let key else { return buffer.count }
        guard nonce != Self.reservedNonce else {
            throw CryptoError(.nonceExhausted, "Noise cipher state used all 2^64-1 nonces")
        }
        let length = try key.withUnsafeBytes { keyBytes in
            try Self.withNonceBytes(nonce) { nonceBytes in
                try ChaChaPoly.openInPlace(buffer, key: keyBytes, nonce: nonceBytes, associatedData: associatedData)
            }
        }
        nonce += 1
        return length
    }

    /// `Rekey()` (Noise §4.2, §5.1): `k = REKEY(k)`, the first 32 bytes of
    /// `ENCRYPT(k, 2^64−1, empty, 32 zero bytes)`. The nonce is unchanged.
    ///
    /// - Throws: `.handshakeState` if the key is empty.
    public mutating func rekey() throws {
        guard let key else { throw CryptoError(.handshakeState, "cannot rekey a cipher state without a key") }
        let keyLength = ChaChaPoly.keyLength
        let newKey = try SecretBytes(count: keyLength) { newKeyBytes in
            try withUnsafeTemporaryAllocation(byteCount: keyLength + ChaChaPoly.tagLength, alignment: 16) { block in
                block.initializeMemory(as: UInt8.self, repeating: 0)
                defer { if let base = block.baseAddress { sodium_memzero(base, block.count) } }
                _ = try key.withUnsafeBytes { keyBytes in
                    try Self.withNonceBytes(Self.reservedNonce) { nonceBytes in
                        try ChaChaPoly.sealInPlace(
                            block, plaintextLength: keyLength, key: keyBytes, nonce: nonceBytes,
                            associatedData: UnsafeRawBufferPointer(start: nil, count: 0))
                    }
                }
                newKeyBytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: block[0..<keyLength]))
            }
        }
        self.key = newKey
    }

    /// The 12-byte ChaChaPoly nonce for counter `n`: 4 zero bytes, then `n` as 8 little-endian bytes.
    @inline(__always)
    static func withNonceBytes<Result>(
        _ n: UInt64,
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        let words: (UInt32, UInt32, UInt32) = (
            0, UInt32(truncatingIfNeeded: n).littleEndian, UInt32(truncatingIfNeeded: n >> 32).littleEndian
        )
        return try withUnsafeBytes(of: words, body)
    }
}
