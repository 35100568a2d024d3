/// A stream id within a circuit (Docs/SPEC.md §6.2). 0 addresses the circuit itself.
public struct StreamID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// Stream id 0: circuit-level relay messages.
    public static let circuit = StreamID(0)

    /// True for stream id 0.
    public var isCircuitLevel: Bool { rawValue == 0 }

    public var description: String { "stream#\(rawValue)" }
}
