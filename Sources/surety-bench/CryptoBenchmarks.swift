import SuretyCrypto

/// `surety-bench crypto`: per-primitive throughput with same-run references (Docs/PERFORMANCE.md).
enum CryptoBenchmarks {
    static func run(seconds: Double) throws {
        Bench.header("Onion-layer candidates (in-place XOR, per-call fresh nonce/IV)")
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
        }

        Bench.header("Signatures")
        let key = Ed25519.SigningKey()
        let message = [UInt8](repeating: 7, count: 256)
        let signature = key.signature(for: message, context: "surety/bench/v1")
        let sign = Bench.rate("Ed25519 sign (256 B)", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            _ = key.signature(for: message, context: "surety/bench/v1")
        }
        let verify = Bench.rate("Ed25519 verify (256 B)", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            _ = key.publicKey.isValidSignature(signature, for: message, context: "surety/bench/v1")
        }
        Bench.report(sign, against: sign)
        Bench.report(verify, against: sign)
    }
}
