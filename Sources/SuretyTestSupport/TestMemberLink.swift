import Foundation
public import NIOCore
public import SuretyClient
import SuretyCrypto
public import SuretyNet

/// Dials a relay as a freshly made member device, for tests that speak cells directly
/// (rate limits, malformed cells). Call on `eventLoop`.
public enum TestMemberLink {
    public static func dial(
        _ relay: RelayInfo, delegate: any CellLinkDelegate, eventLoop: any EventLoop
    ) -> EventLoopFuture<CellLink> {
        let member = Ed25519.SigningKey()
        let device = X25519.PrivateKey()
        let now = UInt64(Date().timeIntervalSince1970)
        let credentials = LinkCredentials(
            staticKey: device,
            payload: LinkCertificate.devicePayload(
                member: member, deviceKey: device.publicKey, validFrom: now - 10, validUntil: now + 3600)
        ) { payload, key in try LinkCertificate.verifyResponder(payload, staticKey: key, now: now) }
        var address = ByteBuffer()
        address.writeBytes(relay.address)
        guard let socketAddress = try? SocketAddress(packedIPAddress: address, port: Int(relay.port)) else {
            return eventLoop.makeFailedFuture(LinkError(.connectFailed, "bad relay address"))
        }
        return LinkBootstrap.dial(
            address: socketAddress, responderKey: relay.linkKey, credentials: credentials, delegate: delegate,
            eventLoop: eventLoop, timeout: .seconds(10))
    }
}
