import SuretyCrypto

extension CryptoBenchmarks {
    /// Ed25519 with Surety's domain separation, on a 256-byte message. Returns the sign rate, the
    /// reference for the blind-RSA rows.
    static func signatures(seconds: Double) -> Measurement {
        Bench.header("Signatures: Ed25519 (RFC 8032, domain-separated)")
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
        return sign
    }

    /// RFC 9474 RSABSSA-SHA384-PSS-Randomized with a fresh 2048-bit key, against Ed25519 sign.
    /// Blind-sign includes the check of the result under the public key that `blindSign` always
    /// does (RFC 9474 §7.1); finalize includes the RSASSA-PSS verification of the unblinded signature.
    static func blindRSA(seconds: Double, ed25519Sign: Measurement) throws {
        Bench.header("Blind RSA: RFC 9474 RSABSSA-SHA384-PSS-Randomized, 2048-bit key")
        let privateKey = try BlindRSA.PrivateKey.generate(bits: 2048)
        let publicKey = privateKey.publicKey
        let prepared = try BlindRSA.prepare(message: Array("surety exit token".utf8))
        let blinding = try BlindRSA.blind(publicKey: publicKey, message: prepared)
        let blindSignature = try BlindRSA.blindSign(privateKey: privateKey, blindedMessage: blinding.blindedMessage)
        let signature = try BlindRSA.finalize(
            publicKey: publicKey, message: prepared, blindSignature: blindSignature, inverse: blinding.inverse)
        let blind = try Bench.rate("blind (client)", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            _ = try BlindRSA.blind(publicKey: publicKey, message: prepared)
        }
        let blindSign = try Bench.rate("blind-sign (issuer)", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            _ = try BlindRSA.blindSign(privateKey: privateKey, blindedMessage: blinding.blindedMessage)
        }
        let finalize = try Bench.rate(
            "finalize (client, includes verify)", unit: "ops", unitsPerCall: 1, seconds: seconds
        ) {
            _ = try BlindRSA.finalize(
                publicKey: publicKey, message: prepared, blindSignature: blindSignature, inverse: blinding.inverse)
        }
        let verify = try Bench.rate("verify (exit)", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            try BlindRSA.verify(publicKey: publicKey, message: prepared, signature: signature)
        }
        for measurement in [blind, blindSign, finalize, verify] {
            Bench.report(measurement, against: ed25519Sign)
        }
    }
}
