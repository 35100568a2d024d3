import COpenSSL

/// Modular arithmetic modulo a public key's n, on OpenSSL `BIGNUM`s.
///
/// Inputs are expected to be reduced (less than n); callers check ranges on external data first.
extension BlindRSA.PublicKey.Storage {
    typealias BigNum = BlindRSA.BigNum
    typealias BigNumContext = BlindRSA.BigNumContext
    typealias OpenSSL = BlindRSA.OpenSSL

    /// RSAVP1 / RSAEP (RFC 8017 §5.2.2, §5.1.1): x^e mod n for a public x.
    func publicOperation(_ x: BigNum, context: BigNumContext) throws -> BigNum {
        let result = try BigNum()
        try OpenSSL.check(
            BN_mod_exp_mont(result.pointer, x.pointer, e.pointer, n.pointer, context.pointer, montgomery.pointer),
            "BN_mod_exp_mont")
        return result
    }

    /// r^e mod n for a secret blinding factor r, with the constant-time ladder so the timing does not depend on r.
    func secretPower(_ r: BigNum, context: BigNumContext) throws -> BigNum {
        let result = try BigNum(secret: true)
        try OpenSSL.check(
            BN_mod_exp_mont_consttime(
                result.pointer, r.pointer, e.pointer, n.pointer, context.pointer, montgomery.pointer),
            "BN_mod_exp_mont_consttime")
        return result
    }

    /// a * b mod n through Montgomery multiplication, which runs in time independent of the operands' values
    /// (unlike `BN_mod_mul`, whose division leaks).
    func multiply(_ a: BigNum, _ b: BigNum, context: BigNumContext) throws -> BigNum {
        let aMontgomery = try BigNum(secret: true)
        try OpenSSL.check(
            BN_to_montgomery(aMontgomery.pointer, a.pointer, montgomery.pointer, context.pointer), "BN_to_montgomery")
        // (a R) * b * R^-1 = a b (mod n).
        let result = try BigNum(secret: true)
        try OpenSSL.check(
            BN_mod_mul_montgomery(result.pointer, aMontgomery.pointer, b.pointer, montgomery.pointer, context.pointer),
            "BN_mod_mul_montgomery")
        return result
    }

    /// inverse_mod(a, n), or `nil` when a and n are not co-prime. `a` should carry `BN_FLG_CONSTTIME`
    /// (`BigNum(secret: true)`) so OpenSSL uses its branch-free inversion.
    func inverse(_ a: BigNum, context: BigNumContext) throws -> BigNum? {
        let result = try BigNum(secret: true)
        guard BN_mod_inverse(result.pointer, a.pointer, n.pointer, context.pointer) != nil else {
            OpenSSL.discardErrors()
            return nil
        }
        return result
    }

    /// is_coprime(a, n) (RFC 9474 §3).
    func isCoprime(_ a: BigNum, context: BigNumContext) throws -> Bool {
        let divisor = try BigNum(secret: true)
        try OpenSSL.check(BN_gcd(divisor.pointer, a.pointer, n.pointer, context.pointer), "BN_gcd")
        return divisor.isOne
    }

    /// random_integer_uniform(1, n) from OpenSSL's private DRBG (`BN_priv_rand_range` samples by rejection, so the
    /// result is uniform as RFC 9474 §4.2 requires).
    func randomBlindingFactor() throws -> BigNum {
        let r = try BigNum(secret: true)
        repeat {
            try OpenSSL.check(BN_priv_rand_range(r.pointer, n.pointer), "BN_priv_rand_range")
        } while r.isZero
        return r
    }
}
