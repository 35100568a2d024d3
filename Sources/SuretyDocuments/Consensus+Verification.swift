public import SuretyWire

extension Consensus {
    /// Decodes and verifies a consensus envelope: a majority (⌊n/2⌋ + 1) of the genesis authorities
    /// must have signed it (SPEC §7.8, §7.11). Signatures by other keys are ignored.
    /// Time validity is separate: see `ConsensusPeriod.check(at:maximumSkew:)`.
    public static func verify(_ bytes: [UInt8], genesis: Genesis) throws -> Verified<Consensus> {
        try DocumentSigning.verify(Consensus.self, from: bytes, policy: try genesis.consensusPolicy)
    }
}

extension ConsensusPeriod {
    /// Whether a consensus of this period may be used at `now` (SPEC-DOCUMENTS §D.7): not before
    /// valid-after − skew (a slightly fast authority clock is tolerated), and never at or after
    /// valid-until (an expired consensus is refused without grace, issue 5 §4).
    public func check(at now: UInt64, maximumSkew: UInt64 = 300) throws {
        guard now + maximumSkew >= validAfter else {
            throw DocumentError(
                .notValidNow, "consensus is not valid until \(validAfter) (now \(now)); is the clock right?")
        }
        guard now < validUntil else {
            throw DocumentError(
                .notValidNow, "consensus expired at \(validUntil) (now \(now)); no newer consensus was available")
        }
    }
}
