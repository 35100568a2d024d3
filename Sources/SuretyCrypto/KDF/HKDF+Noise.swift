extension HKDF {
    /// Noise's `HKDF(chaining_key, input_key_material, num_outputs)` (Noise rev 34 §4.3):
    ///
    ///     temp_key = HMAC-HASH(chaining_key, input_key_material)
    ///     output1  = HMAC-HASH(temp_key, 0x01)
    ///     output2  = HMAC-HASH(temp_key, output1 || 0x02)
    ///     output3  = HMAC-HASH(temp_key, output2 || 0x03)
    ///
    /// which is RFC 5869 extract (salt = chaining key) followed by expand with empty info.
    /// Each output is HASHLEN bytes.
    ///
    /// - Throws: `.invalidParameter` unless `outputCount` is 2 or 3 (the only counts Noise uses);
    ///   `.invalidKeyLength` if the chaining key is not HASHLEN bytes; `.invalidLength` if the input
    ///   key material is not empty, 32 bytes or HASHLEN bytes (Noise §4.3).
    public static func noise(
        chainingKey: SecretBytes,
        inputKeyMaterial: SecretBytes,
        outputCount: Int
    ) throws -> [SecretBytes] {
        guard outputCount == 2 || outputCount == 3 else {
            throw CryptoError(.invalidParameter, "Noise HKDF produces 2 or 3 outputs, not \(outputCount)")
        }
        guard chainingKey.count == H.digestLength else {
            throw CryptoError(.invalidKeyLength, "Noise chaining key must be \(H.digestLength) bytes")
        }
        let ikmLength = inputKeyMaterial.count
        guard ikmLength == 0 || ikmLength == 32 || ikmLength == H.digestLength else {
            throw CryptoError(.invalidLength, "Noise HKDF input key material is \(ikmLength) bytes")
        }
        let hashLength = H.digestLength
        let okm = chainingKey.withUnsafeBytes { ck in
            inputKeyMaterial.withUnsafeBytes { ikm in
                extract(salt: ck, inputKeyMaterial: ikm).withUnsafeBytes { prk in
                    expandUnchecked(
                        pseudoRandomKey: prk, info: UnsafeRawBufferPointer(start: nil, count: 0),
                        outputLength: outputCount * hashLength)
                }
            }
        }
        return okm.withUnsafeBytes { all in
            (0..<outputCount).map { index in
                let slice = UnsafeRawBufferPointer(rebasing: all[(index * hashLength)..<((index + 1) * hashLength)])
                return SecretBytes(count: hashLength) { $0.copyMemory(from: slice) }
            }
        }
    }
}
