import Foundation
import NIOCore
import SuretyCircuit
import SuretyClient
import SuretyCrypto
import SuretyNet

/// Opens many one-hop circuits through one relay over a single member link, with CREATE/CREATED
/// only (Docs/SPEC.md §6.1), and leaves them idle: what a relay holds per circuit is then its
/// whole state for that circuit (hop keys, onion layer, windows, tables).
///
/// The handshake messages are made before the link opens, so the relay's cost and the probe's are
/// not interleaved. At most `window` CREATEs are outstanding at a time. Loop-confined: every
/// method runs on `eventLoop`.
final class IdleCircuitProbe: CellLinkDelegate {
    let eventLoop: any EventLoop
    private var link: CellLink?
    private var messages: [[UInt8]] = []
    private var usedIDs: Set<UInt32> = []
    private var target = 0
    private var sent = 0
    private(set) var created = 0
    private(set) var refused = 0
    private var progress: EventLoopPromise<Void>?
    private let window = 256

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    /// Dials `relay` as a member device; completes once the link is up.
    func connect(to relay: RelayInfo, handshakes count: Int) -> EventLoopFuture<Void> {
        do {
            messages = try (0..<count).map { _ in
                try HopHandshake.Initiator(relayIdentity: relay.identity.rawRepresentation, onionKey: relay.onionKey)
                    .message
            }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let member = Ed25519.SigningKey()
        let device = X25519.PrivateKey()
        let now = UInt64(Date().timeIntervalSince1970)
        let payload = LinkCertificate.devicePayload(
            member: member, deviceKey: device.publicKey, validFrom: now - 60, validUntil: now + 3600)
        let credentials = LinkCredentials(staticKey: device, payload: payload) { payload, staticKey in
            try LinkCertificate.verifyResponder(
                payload, staticKey: staticKey, now: UInt64(Date().timeIntervalSince1970))
        }
        var bytes = ByteBuffer()
        bytes.writeBytes(relay.address)
        let address: SocketAddress
        do { address = try SocketAddress(packedIPAddress: bytes, port: Int(relay.port)) } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return LinkBootstrap.dial(
            address: address, responderKey: relay.linkKey, credentials: credentials, delegate: self,
            eventLoop: eventLoop, timeout: .seconds(10)
        ).map { _ in }
    }

    /// Sends CREATEs until `total` circuits were answered (CREATED or DESTROY) in all.
    func open(upTo total: Int) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        target = min(total, messages.count)
        progress = promise
        pump()
        return promise.futureResult
    }

    private func pump() {
        guard let link, let progress else { return }
        if created + refused >= target || link.isClosed {
            self.progress = nil
            if link.isClosed {
                progress.fail(LoopbackSocket.Failure("the relay closed the link after \(created) circuits"))
            } else {
                progress.succeed(())
            }
            return
        }
        while sent < target && sent - created - refused < window {
            guard let id = link.allocateCircuitID(inUse: { usedIDs.contains($0) }) else { break }
            usedIDs.insert(id)
            let message = messages[sent]
            sent += 1
            link.appendCell(circuitID: id, command: CellCommandNumber.create) { out in
                CircuitMessages.encodeCreate(type: 1, handshake: message, into: out)
            }
        }
    }

    func close() { link?.close() }

    // MARK: CellLinkDelegate

    func linkEstablished(_ link: CellLink) { self.link = link }

    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer) {
        switch RawCell.command(UnsafeRawBufferPointer(cell)) {
        case CellCommandNumber.created: created += 1
        case CellCommandNumber.destroy: refused += 1
        default: return
        }
        pump()
    }

    func linkReadBurstFinished(_ link: CellLink) {}

    func linkClosed(_ link: CellLink, error: (any Error)?) { pump() }

    func linkWritabilityChanged(_ link: CellLink) {}

    func shouldRead(_ link: CellLink) -> Bool { true }
}
