/// SENDME flow-control parameters (Docs/SPEC.md §6.4). Windows are large so that a loopback
/// circuit is never window-bound (DESIGN.md "Performance design"): 4000 cells ≈ 4 MB in flight.
public struct FlowControlParameters: Sendable, Hashable {
    public var circuitWindowStart: Int
    public var circuitWindowIncrement: Int
    public var streamWindowStart: Int
    public var streamWindowIncrement: Int

    public init(
        circuitWindowStart: Int = 4000, circuitWindowIncrement: Int = 400, streamWindowStart: Int = 2000,
        streamWindowIncrement: Int = 200
    ) {
        self.circuitWindowStart = circuitWindowStart
        self.circuitWindowIncrement = circuitWindowIncrement
        self.streamWindowStart = streamWindowStart
        self.streamWindowIncrement = streamWindowIncrement
    }

    public static let `default` = FlowControlParameters()
}

/// The sending side of a window: how many DATA cells may still be packaged, and the digests of the
/// cells a SENDME must acknowledge (authenticated SENDME, as Tor's v1).
struct PackageWindow {
    private(set) var window: Int
    let start: Int
    let increment: Int
    /// Digest tags of every `increment`-th cell sent, oldest first; bounded by window/increment.
    private var expectedTags: [UInt64] = []
    private var sentSinceTag = 0
    let trackTags: Bool

    init(start: Int, increment: Int, trackTags: Bool) {
        window = start
        self.start = start
        self.increment = increment
        self.trackTags = trackTags
    }

    var canSend: Bool { window > 0 }

    /// Records one DATA cell sent with digest `tag`.
    mutating func didSend(tag: UInt64) {
        window -= 1
        guard trackTags else { return }
        sentSinceTag += 1
        if sentSinceTag == increment {
            sentSinceTag = 0
            expectedTags.append(tag)
        }
    }

    /// Applies a SENDME; for circuit-level windows the SENDME must carry the tag of the cell it acknowledges.
    mutating func receivedSendme(tag: UInt64?) throws(CircuitError) {
        if trackTags {
            guard let tag, let expected = expectedTags.first else {
                throw CircuitError(.flowControl, "unexpected SENDME (nothing to acknowledge)")
            }
            guard tag ^ expected == 0 else {
                throw CircuitError(.flowControl, "SENDME does not authenticate the acknowledged cell")
            }
            expectedTags.removeFirst()
        }
        guard window + increment <= start else {
            throw CircuitError(.flowControl, "SENDME would raise the window above its start (Docs/SPEC.md §6.8)")
        }
        window += increment
    }
}

/// The receiving side of a window: counts DATA cells delivered and says when to send a SENDME.
struct DeliverWindow {
    private(set) var window: Int
    let start: Int
    let increment: Int

    init(start: Int, increment: Int) {
        window = start
        self.start = start
        self.increment = increment
    }

    /// Records one DATA cell received; throws if the peer overran the window. Returns true when a
    /// SENDME is due (the window fell by `increment` since the last SENDME).
    mutating func didReceive() throws(CircuitError) -> Bool {
        guard window > 0 else {
            throw CircuitError(.flowControl, "peer sent DATA beyond the window")
        }
        window -= 1
        if window <= start - increment {
            window += increment
            return true
        }
        return false
    }
}
