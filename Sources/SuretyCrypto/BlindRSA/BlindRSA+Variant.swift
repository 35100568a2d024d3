extension BlindRSA {
    /// A named RSABSSA variant (RFC 9474 §5): SHA-384 with MGF1-SHA-384, a 48-byte or empty PSS salt, and
    /// randomized or identity message preparation.
    public struct Variant: Sendable, Hashable, CustomStringConvertible {
        /// PSS salt length in bytes (sLen): 48 for the PSS variants, 0 for PSSZERO.
        public let saltLength: Int
        /// Whether `BlindRSA.prepare` prepends 32 random bytes (RFC 9474 §4.1 PrepareRandomize).
        public let isRandomized: Bool

        private init(saltLength: Int, isRandomized: Bool) {
            self.saltLength = saltLength
            self.isRandomized = isRandomized
        }

        /// RSABSSA-SHA384-PSS-Randomized, the variant RFC 9474 recommends and this project uses for exit tokens.
        public static let sha384PSSRandomized = Variant(saltLength: 48, isRandomized: true)
        /// RSABSSA-SHA384-PSSZERO-Randomized.
        public static let sha384PSSZeroRandomized = Variant(saltLength: 0, isRandomized: true)
        /// RSABSSA-SHA384-PSS-Deterministic (identity preparation; the signature is still salted).
        public static let sha384PSSDeterministic = Variant(saltLength: 48, isRandomized: false)
        /// RSABSSA-SHA384-PSSZERO-Deterministic: deterministic signatures; only for high-entropy messages
        /// (RFC 9474 §7.3).
        public static let sha384PSSZeroDeterministic = Variant(saltLength: 0, isRandomized: false)

        /// The variant's RFC 9474 name, e.g. `RSABSSA-SHA384-PSS-Randomized`.
        public var description: String {
            "RSABSSA-SHA384-\(saltLength == 0 ? "PSSZERO" : "PSS")-\(isRandomized ? "Randomized" : "Deterministic")"
        }
    }
}
