/// A circuit id on one link (Docs/SPEC.md §3.2).
///
/// 0 is reserved for link-level cells. The link's Noise initiator allocates ids with the high
/// bit set, the responder ids with it clear, so the two ends never collide.
public struct CircuitID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// The link-level id 0 (PADDING, NETINFO, GOVERNANCE).
    public static let link = CircuitID(0)

    /// The bit that tells which end of the link allocated the id.
    public static let initiatorBit: UInt32 = 0x8000_0000

    /// True for the reserved id 0.
    public var isLinkLevel: Bool { rawValue == 0 }

    /// True when the id lies in the half allocated by the link's Noise initiator.
    public var isAllocatedByInitiator: Bool { rawValue & Self.initiatorBit != 0 }

    /// True when the side given by `linkInitiator` may allocate this id (nonzero and in its half).
    public func isAllocatable(byLinkInitiator linkInitiator: Bool) -> Bool {
        !isLinkLevel && isAllocatedByInitiator == linkInitiator
    }

    /// Maps any 31-bit value into the half of the given side; `nil` for a value that would give
    /// the reserved id 0 (the responder's half has no 0).
    public static func allocate(random: UInt32, linkInitiator: Bool) -> CircuitID? {
        let low = random & ~initiatorBit
        let id = linkInitiator ? low | initiatorBit : low
        return id == 0 ? nil : CircuitID(id)
    }

    public var description: String { "circ#\(rawValue)" }
}
