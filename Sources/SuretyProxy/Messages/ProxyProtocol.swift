/// Which protocol a local client spoke on the proxy port. Part of the isolation key: a SOCKS5 stream
/// and an HTTP CONNECT stream never share a circuit, as with Tor's `IsolateClientProtocol`.
public enum ProxyProtocol: String, Hashable, Sendable {
    /// RFC 1928 SOCKS version 5.
    case socks5
    /// HTTP CONNECT tunnel (RFC 9110 §9.3.6).
    case httpConnect
}
