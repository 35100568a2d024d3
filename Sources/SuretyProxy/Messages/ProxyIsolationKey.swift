/// What decides whether two streams may share a circuit: the client protocol and the credentials it
/// presented (nil when it presented none). Streams with different keys never share a circuit.
public struct ProxyIsolationKey: Hashable, Sendable, CustomStringConvertible {
    public var proxyProtocol: ProxyProtocol
    public var credentials: ProxyCredentials?

    public init(proxyProtocol: ProxyProtocol, credentials: ProxyCredentials?) {
        self.proxyProtocol = proxyProtocol
        self.credentials = credentials
    }

    public var description: String {
        "ProxyIsolationKey(\(proxyProtocol.rawValue), \(credentials == nil ? "no credentials" : "[scrubbed]"))"
    }
}
