/// Username and password a local client presented (RFC 1929 sub-negotiation or HTTP
/// `Proxy-Authorization: Basic`). They are never checked: like Tor's `IsolateSOCKSAuth`, they only
/// separate streams onto different circuits, so a browser can keep tabs or identities apart.
///
/// Raw bytes, not `String`: RFC 1929 does not fix an encoding and two different byte strings must
/// stay two different isolation keys. `description` is scrubbed so logs never show them.
public struct ProxyCredentials: Hashable, Sendable, CustomStringConvertible {
    public var username: [UInt8]
    public var password: [UInt8]

    public init(username: [UInt8], password: [UInt8]) {
        self.username = username
        self.password = password
    }

    public var description: String { "ProxyCredentials([scrubbed])" }
}
