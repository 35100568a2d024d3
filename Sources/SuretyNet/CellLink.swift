public import NIOCore

/// One established link as the cell layer sees it: the channel, the peer it proved to be, the
/// circuits it carries (kept by the owner) and an outgoing batch buffer that collects cells until
/// the end of the current event-loop tick, when they leave in as few Noise messages as fit.
///
/// Loop-confined (not `Sendable`): created, used and closed on the channel's event loop.
public final class CellLink {
    public let channel: any Channel
    public let peer: LinkPeer
    /// Whether we dialled this link (our circuit ids then carry the high bit, Docs/SPEC.md §3.2).
    public let isInitiator: Bool
    private var outgoing: ByteBuffer
    private var flushScheduled = false
    private var nextCircuitID: UInt32
    /// Set by the owner when reads were withheld because a link this one feeds is not writable.
    public var readsPaused = false
    public private(set) var isClosed = false
    /// Cells queued since the last flush (for metrics and limits).
    public private(set) var queuedCells = 0

    public static let cellSize = 1024
    public static let headerSize = 5
    public static let payloadSize = cellSize - headerSize

    public init(channel: any Channel, peer: LinkPeer, isInitiator: Bool) {
        self.channel = channel
        self.peer = peer
        self.isInitiator = isInitiator
        outgoing = channel.allocator.buffer(capacity: 64 * Self.cellSize)
        nextCircuitID = UInt32.random(in: 1...0x7fff_ffff)
    }

    /// A fresh circuit id from our half of the space; `inUse` tells which ids are taken.
    public func allocateCircuitID(inUse: (UInt32) -> Bool) -> UInt32? {
        let highBit: UInt32 = isInitiator ? 0x8000_0000 : 0
        for _ in 0..<64 {
            nextCircuitID = nextCircuitID &+ 1
            let candidate = (nextCircuitID & 0x7fff_ffff) | highBit
            if candidate & 0x7fff_ffff != 0 && !inUse(candidate) { return candidate }
        }
        return nil
    }

    /// Whether `id` belongs to the peer's half of the circuit-id space (the peer may create it).
    public func isPeerAllocated(_ id: UInt32) -> Bool {
        let peerHighBit: UInt32 = isInitiator ? 0 : 0x8000_0000
        return id & 0x8000_0000 == peerHighBit && id & 0x7fff_ffff != 0
    }

    /// Appends a cell whose payload `fill` writes (the payload region arrives zeroed).
    public func appendCell(
        circuitID: UInt32, command: UInt8, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void
    ) rethrows {
        guard !isClosed else { return }
        outgoing.writeInteger(circuitID)
        outgoing.writeInteger(command)
        let start = outgoing.writerIndex - outgoing.readerIndex
        outgoing.writeRepeatingByte(0, count: Self.payloadSize)
        try outgoing.withUnsafeMutableReadableBytes { bytes in
            try fill(UnsafeMutableRawBufferPointer(rebasing: bytes[start..<(start + Self.payloadSize)]))
        }
        queuedCells += 1
        scheduleFlush()
    }

    /// Appends a cell copying `payload` (exactly `payloadSize` bytes).
    public func appendCell(circuitID: UInt32, command: UInt8, payload: UnsafeRawBufferPointer) {
        guard !isClosed else { return }
        outgoing.writeInteger(circuitID)
        outgoing.writeInteger(command)
        outgoing.writeBytes(payload)
        queuedCells += 1
        scheduleFlush()
    }

    /// Writes everything queued now (also called at the end of a read burst).
    public func flush() {
        flushScheduled = false
        guard !isClosed, outgoing.readableBytes > 0 else { return }
        let batch = outgoing
        outgoing = channel.allocator.buffer(capacity: max(64 * Self.cellSize, batch.readableBytes))
        queuedCells = 0
        channel.writeAndFlush(batch, promise: nil)
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        // Runs after the current read burst: all cells queued in this tick leave together.
        channel.eventLoop.assumeIsolated().execute { [self] in flush() }
    }

    /// Closes the link.
    public func close() {
        guard !isClosed else { return }
        flush()
        isClosed = true
        channel.close(promise: nil)
    }

    func markClosed() { isClosed = true }

    public var isWritable: Bool { channel.isWritable }
}

extension CellLink: Hashable {
    public static func == (lhs: CellLink, rhs: CellLink) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Reads the fixed cell header (Docs/SPEC.md §3.1) where the cell lies.
public enum CellHeader {
    public static func circuitID(_ cell: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(cell[0]) << 24 | UInt32(cell[1]) << 16 | UInt32(cell[2]) << 8 | UInt32(cell[3])
    }

    public static func command(_ cell: UnsafeRawBufferPointer) -> UInt8 { cell[4] }
}

/// What the owner of links (a relay or a client) does with link events; all calls arrive on the
/// link's event loop.
public protocol CellLinkDelegate: AnyObject {
    func linkEstablished(_ link: CellLink)
    /// One cell: `cell` is the whole 1024-byte cell, mutable in place (the onion layer works there).
    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer)
    func linkReadBurstFinished(_ link: CellLink)
    func linkClosed(_ link: CellLink, error: (any Error)?)
    func linkWritabilityChanged(_ link: CellLink)
    /// Whether to keep reading from `link` now (false stops reading: backpressure).
    func shouldRead(_ link: CellLink) -> Bool
}

/// The channel handler behind `NoiseLinkHandler`: turns decrypted batches into per-cell delegate
/// calls and link lifecycle events.
public final class CellLinkHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private weak var delegate: (any CellLinkDelegate)?
    private let isInitiator: Bool
    public private(set) var link: CellLink?
    private var lastError: (any Error)?
    private var pendingRead = false
    private var establishedPromise: EventLoopPromise<CellLink>?

    /// `established` (optional) completes with the link once its handshake is done, or fails if the
    /// channel closes first.
    public init(delegate: any CellLinkDelegate, isInitiator: Bool, established: EventLoopPromise<CellLink>? = nil) {
        self.delegate = delegate
        self.isInitiator = isInitiator
        self.establishedPromise = established
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let established = event as? LinkEstablished {
            let link = CellLink(channel: context.channel, peer: established.peer, isInitiator: isInitiator)
            self.link = link
            delegate?.linkEstablished(link)
            establishedPromise?.assumeIsolated().succeed(link)
            establishedPromise = nil
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var batch = unwrapInboundIn(data)
        guard let link, let delegate else { return }
        batch.withUnsafeMutableReadableBytes { bytes in
            var offset = 0
            while offset + CellLink.cellSize <= bytes.count {
                delegate.link(
                    link,
                    received: UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + CellLink.cellSize)]))
                offset += CellLink.cellSize
            }
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        if let link { delegate?.linkReadBurstFinished(link) }
        context.fireChannelReadComplete()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        lastError = error
        context.close(promise: nil)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        establishedPromise?.fail(lastError ?? LinkError(.closed, "link closed before its handshake finished"))
        establishedPromise = nil
        if let link {
            link.markClosed()
            delegate?.linkClosed(link, error: lastError)
        }
        context.fireChannelInactive()
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let link { delegate?.linkWritabilityChanged(link) }
        context.fireChannelWritabilityChanged()
    }

    public func read(context: ChannelHandlerContext) {
        if let link, let delegate, !delegate.shouldRead(link) {
            link.readsPaused = true
            return
        }
        context.read()
    }
}
