public import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The notice listener could not bind (the relay refuses to start: a configured page that is not
/// served would go unnoticed).
public struct ExitNoticeError: Error, CustomStringConvertible {
    public var address: SocketAddress
    public var underlying: any Error

    public var description: String {
        var hint = ""
        if let ioError = underlying as? IOError {
            switch ioError.errnoCode {
            case EACCES: hint = " (ports below 1024 need CAP_NET_BIND_SERVICE; see Ops/systemd/surety-relay.service)"
            case EADDRINUSE: hint = " (the address is already in use)"
            default: break
            }
        }
        return "exit.notice_listen: cannot listen on \(address): \(underlying)\(hint)"
    }
}
