import SuretyCrypto

extension CryptoBenchmarks {
    /// ChaCha20-Poly1305 (the Noise link cipher) sealing in place, against raw ChaCha20 of the same
    /// size from the onion-candidate section: the ratio is what Poly1305 and the tag cost.
    static func aead(seconds: Double, rawChaCha20: [Int: Measurement]) throws {
        Bench.header("AEAD: ChaCha20-Poly1305 IETF seal in place (Noise link cipher)")
        let key = SecretBytes.random(count: ChaChaPoly.keyLength)
        let noAssociatedData = UnsafeRawBufferPointer(start: nil, count: 0)
        for size in [1024, 64 * 1024] {
            guard let reference = rawChaCha20[size] else { continue }
            var buffer = [UInt8](repeating: 0x6b, count: size)
            var tag = [UInt8](repeating: 0, count: ChaChaPoly.tagLength)
            var nonce = [UInt8](repeating: 0, count: ChaChaPoly.nonceLength)
            var counter: UInt64 = 0
            let seal = try buffer.withUnsafeMutableBytes { buf in
                try tag.withUnsafeMutableBytes { tagBytes in
                    try Bench.rate("ChaChaPoly seal \(size) B", unit: "B", unitsPerCall: Double(size), seconds: seconds)
                    {
                        // A fresh nonce per message, as a Noise cipher state uses.
                        counter &+= 1
                        for index in 0..<8 { nonce[4 + index] = UInt8(truncatingIfNeeded: counter >> (8 * index)) }
                        try nonce.withUnsafeBytes { nonceBytes in
                            try ChaChaPoly.sealInPlace(
                                buf, tag: tagBytes, key: key, nonce: nonceBytes, authenticating: noAssociatedData)
                        }
                    }
                }
            }
            Bench.report(seal, against: reference)
        }
    }
}
