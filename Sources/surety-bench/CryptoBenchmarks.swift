import SuretyCrypto

/// `surety-bench crypto`: per-primitive throughput with same-run references (Docs/PERFORMANCE.md).
///
/// Sections and their references:
/// - onion-layer candidates (ChaCha20, AES-128-CTR) against memcpy of the same size;
/// - cell sizes: AES-128-CTR and the running digest on 509/1019/4091-byte payloads against
///   AES-128-CTR on 64 KiB (how much of the cipher's peak a cell of that size gets);
/// - AEAD: ChaCha20-Poly1305 seal against raw ChaCha20 of the same size (measured in the first section);
/// - key agreement: Noise XK and NK handshakes against one X25519 Diffie–Hellman;
/// - signatures: Ed25519 verify against Ed25519 sign;
/// - escrow: hashed-ElGamal encryption and DLEQ share proofs against one ristretto255 scalar multiplication;
/// - blind RSA (RFC 9474, 2048-bit) against Ed25519 sign.
enum CryptoBenchmarks {
    static func run(seconds: Double) throws {
        let chaCha20 = try onionCandidates(seconds: seconds)
        try cellSizes(seconds: seconds)
        try aead(seconds: seconds, rawChaCha20: chaCha20)
        try keyAgreement(seconds: seconds)
        let ed25519Sign = signatures(seconds: seconds)
        try escrow(seconds: seconds)
        try blindRSA(seconds: seconds, ed25519Sign: ed25519Sign)
    }

    /// ChaCha20 vs AES-128-CTR, in place, against memcpy. Returns the raw ChaCha20 rate per size.
    static func onionCandidates(seconds: Double) throws -> [Int: Measurement] {
        Bench.header("Onion-layer candidates (in-place XOR, per-call fresh nonce/IV)")
        var chaChaRates: [Int: Measurement] = [:]
        for size in [1019, 1024, 16 * 1024, 64 * 1024] {
            var buffer = [UInt8](repeating: 0xa5, count: size)
            var copyTarget = [UInt8](repeating: 0, count: size)
            let memcpy = buffer.withUnsafeBytes { src in
                copyTarget.withUnsafeMutableBytes { dst in
                    Bench.rate("memcpy \(size) B (reference)", unit: "B", unitsPerCall: Double(size), seconds: seconds)
                    {
                        dst.copyMemory(from: src)
                    }
                }
            }
            let chacha = try ChaCha20(key: .random(count: 32))
            var counter: UInt64 = 0
            let nonceBytes = ChaCha20.counterNonce(0)
            var nonce = nonceBytes
            let chachaRate = try buffer.withUnsafeMutableBytes { buf in
                try Bench.rate("ChaCha20 \(size) B", unit: "B", unitsPerCall: Double(size), seconds: seconds) {
                    counter &+= 1
                    nonce[11] = UInt8(truncatingIfNeeded: counter)
                    try nonce.withUnsafeBytes { try chacha.apply(to: buf, nonce: $0) }
                }
            }
            let aes = try AESCTR(key: .random(count: 16))
            var iv = [UInt8](repeating: 0, count: 16)
            let aesRate = try buffer.withUnsafeMutableBytes { buf in
                try Bench.rate("AES-128-CTR \(size) B", unit: "B", unitsPerCall: Double(size), seconds: seconds) {
                    counter &+= 1
                    iv[7] = UInt8(truncatingIfNeeded: counter)
                    try iv.withUnsafeBytes { try aes.apply(to: buf, iv: $0) }
                }
            }
            let aesStream = try AESCTR(key: .random(count: 16))
            let aesContinuing = try buffer.withUnsafeMutableBytes { buf in
                try Bench.rate(
                    "AES-128-CTR \(size) B continuing", unit: "B", unitsPerCall: Double(size), seconds: seconds
                ) {
                    try aesStream.applyContinuing(to: buf)
                }
            }
            Bench.report(memcpy, against: memcpy)
            Bench.report(aesContinuing, against: memcpy)
            Bench.report(chachaRate, against: memcpy)
            Bench.report(aesRate, against: memcpy)
            Bench.report(aesRate, against: chachaRate)
            Bench.report(aesContinuing, against: chachaRate)
            chaChaRates[size] = chachaRate
        }
        return chaChaRates
    }
}
