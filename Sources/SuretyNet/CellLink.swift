import Foundation
public import NIOCore
import SuretyWire

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
    /// Peer clock minus ours, in seconds, from its NETINFO (daemons warn when it exceeds 300 s).
    public internal(set) var peerClockSkew: Int64 = 0

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
public enum RawCell {
    public static func circuitID(_ cell: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(cell[0]) << 24 | UInt32(cell[1]) << 16 | UInt32(cell[2]) << 8 | UInt32(cell[3])
    }

    public static func command(_ cell: UnsafeRawBufferPointer) -> UInt8 { cell[4] }
}

/// NETINFO, the first cell each side sends on a new link (Docs/SPEC.md §2.10, §3.9).
enum LinkNetInfo {
    static let command: UInt8 = 6

    /// Appends our NETINFO: our clock and the peer's address as we see it.
    static func send(on link: CellLink) {
        let now = wallClockSeconds()
        let other = netAddress(link.channel.remoteAddress)
        guard let other, let netInfo = try? CellMessage.NetInfo(timestamp: now, otherAddress: other, myAddresses: [])
        else { return }
        var payload = ByteBuffer()
        netInfo.encode(into: &payload)
        payload.withUnsafeReadableBytes { bytes in
            link.appendCell(
                circuitID: 0, command: command,
                payload: UnsafeRawBufferPointer(rebasing: bytes.prefix(CellLink.payloadSize)))
        }
    }

    /// Decodes a received NETINFO payload; returns the peer's clock (nil if malformed).
    static func peerClock(_ payload: UnsafeRawBufferPointer) -> UInt64? {
        (try? CellMessage.NetInfo(decoding: ByteBuffer(bytes: payload)))?.timestamp
    }

    static func wallClockSeconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970))
    }

    static func netAddress(_ address: SocketAddress?) -> NetAddress? {
        guard let address else { return nil }
        switch address {
        case .v4:
            let bytes = address.withSockAddr { pointer, _ in
                Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + 4, count: 4))
            }
            return .ipv4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]))
        case .v6:
            let bytes = address.withSockAddr { pointer, _ in
                Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + 8, count: 16))
            }
            let high = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return .ipv6(IPv6Address(high: high, low: low))
        default:
            return nil
        }
    }
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
    private var sawNetInfo = false
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
            LinkNetInfo.send(on: link)
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
