public import NIOCore
public import NIOPosix
import SuretyCrypto
public import SuretyDocuments
import SuretyNet

/// Tests that a relay answers on its published address with the link key its descriptor names and
/// proves the identity that signed the descriptor: a full Noise XK link handshake (SPEC §2) with an
/// anonymous credential (kind 3, SPEC §2.7), then close. Success is what the Running flag means.
public struct ReachabilityProber: Sendable {
    public let group: any EventLoopGroup
    public let timeout: TimeAmount

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: TimeAmount = .seconds(5)) {
        self.group = group
        self.timeout = timeout
    }

    /// Throws a `LinkError` (or connection error) unless the relay completes the handshake as itself.
    public func probe(_ descriptor: RelayDescriptor) async throws {
        guard let address = descriptor.addresses.first else {
            throw LinkError(.connectFailed, "descriptor has no address")
        }
        let socketAddress = try SocketAddress(ipAddress: address.hostText, port: Int(address.port))
        let expected = descriptor.identity.rawRepresentation
        let credentials = LinkCredentials(staticKey: X25519.PrivateKey(), payload: LinkCertificate.anonymousPayload) {
            payload, staticKey in
            try LinkCertificate.verifyResponder(payload, staticKey: staticKey, now: UInt64(Clock.now()))
        }
        let eventLoop = group.next()
        let timeout = self.timeout
        let linkKey = descriptor.linkKey
        let link = try await eventLoop.flatSubmit {
            LinkBootstrap.dial(
                address: socketAddress, responderKey: linkKey, credentials: credentials, delegate: ProbeDelegate(),
                eventLoop: eventLoop, timeout: timeout)
        }.get()
        let peer = link.peer
        try await eventLoop.submit { link.close() }.get()
        guard case .relay(let identity) = peer.kind, identity == expected else {
            throw LinkError(.authenticationFailed, "the relay at \(address) proved another identity")
        }
    }
}

/// The probe carries no cells; it only needs the handshake.
private final class ProbeDelegate: CellLinkDelegate {
    func linkEstablished(_ link: CellLink) {}
    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer) {}
    func linkReadBurstFinished(_ link: CellLink) {}
    func linkClosed(_ link: CellLink, error: (any Error)?) {}
    func linkWritabilityChanged(_ link: CellLink) {}
    func shouldRead(_ link: CellLink) -> Bool { true }
}

/// Wall-clock seconds.
enum Clock {
    static func now() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return spec.tv_sec
    }
}
