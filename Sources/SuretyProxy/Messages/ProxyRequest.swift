/// A complete, validated request to open a stream: where to, and which isolation key it carries.
///
/// `description` hides the destination (DESIGN.md: logs never print destinations).
public struct ProxyRequest: Hashable, Sendable, CustomStringConvertible {
    public var target: ProxyTarget
    public var port: UInt16
    public var isolationKey: ProxyIsolationKey

    public init(target: ProxyTarget, port: UInt16, isolationKey: ProxyIsolationKey) {
        self.target = target
        self.port = port
        self.isolationKey = isolationKey
    }

    /// The protocol the client used (also part of `isolationKey`).
    public var proxyProtocol: ProxyProtocol { isolationKey.proxyProtocol }

    public var description: String { "ProxyRequest(\(proxyProtocol.rawValue), [scrubbed])" }
}
