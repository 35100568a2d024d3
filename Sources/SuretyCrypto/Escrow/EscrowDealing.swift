/// The output of a trusted-dealer Shamir split of the escrow secret (testnets only; production uses
/// a Pedersen DKG, DESIGN.md "Escrow"): the public group key and one secret share per admin.
public struct EscrowDealing: Sendable {
    /// Y, k and every Y_i: publish this.
    public let groupKey: EscrowGroupKey
    /// Share i goes to admin i (and only to them); `shares[i - 1].index == i`.
    public let shares: [EscrowKeyShare]

    init(groupKey: EscrowGroupKey, shares: [EscrowKeyShare]) {
        self.groupKey = groupKey
        self.shares = shares
    }
}
