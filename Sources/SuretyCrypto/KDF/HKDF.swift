/// HKDF (RFC 5869) over any `HashFunction`.
///
/// `HKDF<BLAKE2b512>` is the KDF inside Noise (see `noise(chainingKey:inputKeyMaterial:outputCount:)`);
/// `HKDF<SHA256>` matches the RFC's own test vectors.
public enum HKDF<H: HashFunction> {
    /// Longest output `expand` can produce: 255 blocks (RFC 5869 §2.3).
    public static var maximumOutputLength: Int { 255 * H.digestLength }

    /// HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2). An empty salt is the
    /// RFC's default of HashLen zero bytes (both pad to the same HMAC key block).
    public static func extract(salt: some Collection<UInt8>, inputKeyMaterial: SecretBytes) -> SecretBytes {
        ContiguousByteAccess.with(salt) { saltBytes in
            inputKeyMaterial.withUnsafeBytes { ikm in extract(salt: saltBytes, inputKeyMaterial: ikm) }
        }
    }

    static func extract(salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer) -> SecretBytes {
        var mac = HMAC<H>(key: salt)
        mac.update(inputKeyMaterial)
        return SecretBytes(count: H.digestLength) { mac.finalize(into: $0) }
    }

    /// HKDF-Expand(PRK, info, L) (RFC 5869 §2.3):
    /// T(0) = empty, T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = first L bytes of T(1) | T(2) | ….
    ///
    /// - Throws: `.invalidKeyLength` if the PRK is shorter than HashLen (the RFC requires at least
    ///   HashLen bytes); `.invalidParameter` if `outputLength` is not in 1...255·HashLen.
    public static func expand(
        pseudoRandomKey: SecretBytes,
        info: some Collection<UInt8>,
        outputLength: Int
    ) throws -> SecretBytes {
        guard pseudoRandomKey.count >= H.digestLength else {
            throw CryptoError(
                .invalidKeyLength,
                "HKDF PRK is \(pseudoRandomKey.count) bytes; at least \(H.digestLength) required")
        }
        guard (1...maximumOutputLength).contains(outputLength) else {
            throw CryptoError(
                .invalidParameter, "HKDF output length \(outputLength) outside 1...\(maximumOutputLength)")
        }
        return ContiguousByteAccess.with(info) { infoBytes in
            pseudoRandomKey.withUnsafeBytes { prk in
                expandUnchecked(pseudoRandomKey: prk, info: infoBytes, outputLength: outputLength)
            }
        }
    }

    /// Expand without the argument checks; callers guarantee PRK length and output length.
    static func expandUnchecked(
        pseudoRandomKey: UnsafeRawBufferPointer,
        info: UnsafeRawBufferPointer,
        outputLength: Int
    ) -> SecretBytes {
        var mac = HMAC<H>(key: pseudoRandomKey)
        let hashLength = H.digestLength
        return SecretBytes(count: outputLength) { output in
            var produced = 0
            var counter: UInt8 = 1
            while produced < outputLength {
                if produced > 0 {
                    // T(i-1) is the block just written.
                    mac.update(UnsafeRawBufferPointer(rebasing: output[(produced - hashLength)..<produced]))
                }
                mac.update(info)
                withUnsafeBytes(of: counter) { mac.update($0) }
                let take = min(hashLength, outputLength - produced)
                if take == hashLength {
                    mac.finalize(into: UnsafeMutableRawBufferPointer(rebasing: output[produced..<(produced + take)]))
                } else {
                    // Last, partial block: compute it in a wiped temporary and keep its prefix.
                    withUnsafeTemporaryAllocation(byteCount: hashLength, alignment: 16) { block in
                        mac.finalize(into: block)
                        UnsafeMutableRawBufferPointer(rebasing: output[produced..<(produced + take)])
                            .copyMemory(from: UnsafeRawBufferPointer(rebasing: block[0..<take]))
                        block.initializeMemory(as: UInt8.self, repeating: 0)
                    }
                }
                produced += take
                counter &+= 1
            }
        }
    }

    /// Extract then expand (RFC 5869 §2).
    public static func deriveKey(
        inputKeyMaterial: SecretBytes,
        salt: some Collection<UInt8>,
        info: some Collection<UInt8>,
        outputLength: Int
    ) throws -> SecretBytes {
        let prk = extract(salt: salt, inputKeyMaterial: inputKeyMaterial)
        return try expand(pseudoRandomKey: prk, info: info, outputLength: outputLength)
    }
}
