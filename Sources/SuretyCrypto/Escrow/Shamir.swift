/// Shamir secret sharing over the ristretto255 scalar field (Shamir 1979; indices are field
/// elements 1…m, the secret is f(0)), plus Lagrange interpolation of scalars and "in the exponent"
/// of group elements, which is how k decryption shares x_i·R combine to x·R without anyone
/// learning x.
public enum Shamir {
    /// Share indices are one byte on the wire (`DecryptionShare` encoding), so at most 255 admins.
    public static let maximumShareCount = 255

    /// Trusted-dealer split of `secret` into `shareCount` shares, any `threshold` of which recover it.
    ///
    /// Draws f(z) = secret + a_1·z + … + a_{k−1}·z^{k−1} with uniform a_j, hands admin i the share
    /// f(i) and publishes Y = secret·B and Y_i = f(i)·B. Testnets only: production uses a DKG so
    /// that no single machine ever holds x (DESIGN.md, "Escrow").
    public static func split(
        _ secret: Ristretto255.Scalar,
        threshold: Int,
        shareCount: Int
    ) throws -> EscrowDealing {
        try checkParameters(threshold: threshold, shareCount: shareCount)
        let publicKey = try Ristretto255.Point(generatorMultiple: secret)
        // A share f(i) = 0 would give admin i the identity as verification key; that happens with
        // probability about m/ℓ, but redraw rather than fail.
        while true {
            var coefficients = [secret]
            for _ in 1..<threshold { coefficients.append(.random()) }
            var shares: [EscrowKeyShare] = []
            var verificationKeys: [Ristretto255.Point] = []
            var degenerate = false
            for index in 1...shareCount {
                let value = evaluate(coefficients, at: Ristretto255.Scalar(UInt64(index)))
                if value.isZero {
                    degenerate = true
                    break
                }
                let share = try EscrowKeyShare(index: UInt8(index), secret: value)
                shares.append(share)
                verificationKeys.append(try share.verificationKey())
            }
            if degenerate { continue }
            let groupKey = EscrowGroupKey(
                trustedPublicKey: publicKey, threshold: threshold, verificationKeys: verificationKeys)
            return EscrowDealing(groupKey: groupKey, shares: shares)
        }
    }

    /// Trusted-dealer generation of a fresh random escrow secret, split as in `split(_:threshold:shareCount:)`.
    /// The secret itself is not returned; it is wiped when this call returns.
    public static func deal(threshold: Int, shareCount: Int) throws -> EscrowDealing {
        try split(.random(), threshold: threshold, shareCount: shareCount)
    }

    /// Recovers f(0) from at least `threshold` shares with distinct indices (for resharing and
    /// tests; decryption never needs the secret itself, see `DecryptionShare.combine`).
    public static func recover(_ shares: [EscrowKeyShare], threshold: Int) throws -> Ristretto255.Scalar {
        guard threshold >= 1 else {
            throw CryptoError(.invalidParameter, "threshold must be at least 1, got \(threshold)")
        }
        try checkDistinct(shares.map(\.index))
        guard shares.count >= threshold else {
            throw CryptoError(
                .insufficientShares, "need \(threshold) key shares to recover the secret, got \(shares.count)")
        }
        let used = Array(shares.prefix(threshold))
        let indices = used.map(\.index)
        var result = Ristretto255.Scalar.zero
        for share in used {
            let lambda = try lagrangeCoefficient(for: share.index, among: indices)
            result = result + lambda * share.secret
        }
        return result
    }

    /// The Lagrange basis polynomial for `index` over the distinct, non-zero `indices`, evaluated at
    /// `point`: λ_i(x) = ∏_{j≠i} (x − j) / (i − j). At x = 0 this is the weight of share i in f(0).
    public static func lagrangeCoefficient(
        for index: UInt8,
        among indices: [UInt8],
        at point: UInt8 = 0
    ) throws -> Ristretto255.Scalar {
        try checkDistinct(indices)
        guard indices.contains(index) else {
            throw CryptoError(.invalidParameter, "index \(index) is not among the interpolation indices")
        }
        let x = Ristretto255.Scalar(UInt64(point))
        let i = Ristretto255.Scalar(UInt64(index))
        var numerator = Ristretto255.Scalar.one
        var denominator = Ristretto255.Scalar.one
        for other in indices where other != index {
            let j = Ristretto255.Scalar(UInt64(other))
            numerator = numerator * (x - j)
            denominator = denominator * (i - j)
        }
        // Distinct indices below ℓ make every (i − j) non-zero, so the inverse exists.
        return try numerator * denominator.inverted()
    }

    /// Σ λ_i(point)·P_i over the given (index, P_i) pairs: interpolation in the exponent.
    static func interpolate(
        _ points: [(index: UInt8, point: Ristretto255.Point)],
        at point: UInt8 = 0
    ) throws -> Ristretto255.Point {
        let indices = points.map(\.index)
        var sum: Ristretto255.Point?
        for (index, element) in points {
            let lambda = try lagrangeCoefficient(for: index, among: indices, at: point)
            let term = try element.multiplied(by: lambda)
            sum = try sum.map { try $0.adding(term) } ?? term
        }
        guard let sum else {
            throw CryptoError(.insufficientShares, "nothing to interpolate")
        }
        return sum
    }

    /// Horner evaluation of Σ coefficients[j]·z^j.
    private static func evaluate(_ coefficients: [Ristretto255.Scalar], at z: Ristretto255.Scalar)
        -> Ristretto255.Scalar
    {
        var accumulator = Ristretto255.Scalar.zero
        for coefficient in coefficients.reversed() {
            accumulator = accumulator * z + coefficient
        }
        return accumulator
    }

    static func checkParameters(threshold: Int, shareCount: Int) throws {
        guard (1...maximumShareCount).contains(shareCount) else {
            throw CryptoError(
                .invalidParameter, "share count must be 1…\(maximumShareCount), got \(shareCount)")
        }
        guard (1...shareCount).contains(threshold) else {
            throw CryptoError(.invalidParameter, "threshold must be 1…\(shareCount), got \(threshold)")
        }
    }

    private static func checkDistinct(_ indices: [UInt8]) throws {
        var seen = Set<UInt8>()
        for index in indices {
            guard index != 0 else {
                throw CryptoError(.invalidParameter, "share index 0 is reserved for the secret")
            }
            guard seen.insert(index).inserted else {
                throw CryptoError(.invalidShare, "duplicate share index \(index)")
            }
        }
    }
}
