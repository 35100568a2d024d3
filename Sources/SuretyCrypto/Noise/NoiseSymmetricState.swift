/// A Noise SymmetricState (Noise §5.2) for BLAKE2b: chaining key `ck`, handshake hash `h` and a
/// cipher state.
public struct NoiseSymmetricState: Sendable {
    /// The cipher state keyed by `MixKey`/`MixKeyAndHash`.
    public private(set) var cipherState = NoiseCipherState()
    private var chainingKey: SecretBytes
    /// `h`, the running hash of the handshake transcript. After the handshake it is the channel
    /// binding value (Noise §11.2).
    public private(set) var handshakeHash: [UInt8]

    /// `InitializeSymmetric(protocol_name)`: `h` is the name zero-padded to HASHLEN if it fits,
    /// otherwise `HASH(name)`; `ck = h`; the cipher key is empty.
    public init(protocolName: String) {
        let name = Array(protocolName.utf8)
        if name.count <= Noise.hashLength {
            handshakeHash = name + [UInt8](repeating: 0, count: Noise.hashLength - name.count)
        } else {
            handshakeHash = BLAKE2b512.hash(name)
        }
        chainingKey = SecretBytes(handshakeHash)
    }

    /// `MixKey(input_key_material)`: `ck, temp_k = HKDF(ck, ikm, 2)`; the cipher key becomes the first
    /// 32 bytes of `temp_k` (Noise truncates 64-byte outputs for a 32-byte cipher key).
    public mutating func mixKey(_ inputKeyMaterial: SecretBytes) throws {
        let outputs = try HKDF<BLAKE2b512>.noise(
            chainingKey: chainingKey, inputKeyMaterial: inputKeyMaterial, outputCount: 2)
        chainingKey = outputs[0]
        cipherState = try NoiseCipherState(key: Self.truncatedKey(outputs[1]))
    }

    /// `MixHash(data)`: `h = HASH(h || data)`.
    public mutating func mixHash(_ data: some Collection<UInt8>) {
        var hasher = BLAKE2b512()
        hasher.update(handshakeHash)
        hasher.update(data)
        handshakeHash = hasher.finalize()
    }

    /// `MixKeyAndHash(input_key_material)` (used by PSK modes): `ck, temp_h, temp_k = HKDF(ck, ikm, 3)`,
    /// `MixHash(temp_h)`, cipher key = truncated `temp_k`.
    public mutating func mixKeyAndHash(_ inputKeyMaterial: SecretBytes) throws {
        let outputs = try HKDF<BLAKE2b512>.noise(
            chainingKey: chainingKey, inputKeyMaterial: inputKeyMaterial, outputCount: 3)
        chainingKey = outputs[0]
        outputs[1].withUnsafeBytes { mixHash($0) }
        cipherState = try NoiseCipherState(key: Self.truncatedKey(outputs[2]))
    }

    /// `EncryptAndHash(plaintext)`: encrypts with `h` as associated data, then mixes the ciphertext
    /// into `h`.
    public mutating func encryptAndHash(_ plaintext: some Collection<UInt8>) throws -> [UInt8] {
        let ciphertext = try cipherState.encrypt(plaintext, associatedData: handshakeHash)
        mixHash(ciphertext)
        return ciphertext
    }

    /// `DecryptAndHash(ciphertext)`: decrypts with `h` as associated data, then mixes the ciphertext
    /// into `h`. On failure nothing changes.
    public mutating func decryptAndHash(_ ciphertext: some Collection<UInt8>) throws -> [UInt8] {
        let plaintext = try cipherState.decrypt(ciphertext, associatedData: handshakeHash)
        mixHash(ciphertext)
        return plaintext
    }

    /// `Split()`: `temp_k1, temp_k2 = HKDF(ck, empty, 2)`; two cipher states keyed with their
    /// truncations. The first is for initiator-to-responder messages.
    public func split() throws -> (initiatorToResponder: NoiseCipherState, responderToInitiator: NoiseCipherState) {
        let outputs = try HKDF<BLAKE2b512>.noise(
            chainingKey: chainingKey, inputKeyMaterial: SecretBytes([UInt8]()), outputCount: 2)
        return (
            try NoiseCipherState(key: Self.truncatedKey(outputs[0])),
            try NoiseCipherState(key: Self.truncatedKey(outputs[1]))
        )
    }

    /// Drops the chaining key and cipher key once the handshake has been split; `h` stays readable.
    mutating func eraseKeys() {
        chainingKey = SecretBytes([UInt8]())
        cipherState = NoiseCipherState()
    }

    private static func truncatedKey(_ output: SecretBytes) -> SecretBytes {
        output.withUnsafeBytes { bytes in
            SecretBytes(count: ChaChaPoly.keyLength) {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<ChaChaPoly.keyLength]))
            }
        }
    }

    /// A secret for a higher protocol, derived from the final chaining key with a context string
    /// (BLAKE2b KDF). Surety's hop handshake derives its onion-layer keys this way (Docs/SPEC.md §4.3)
    /// instead of reaching into the transport cipher keys.
    public func exportSecret(context: String, length: Int) throws -> SecretBytes {
        try BLAKE2b.deriveKey(from: chainingKey, context: context, length: length)
    }
}
