/// Why the service could not open the stream a client asked for; the front end turns it into the
/// matching SOCKS5 reply code (RFC 1928 §6) or HTTP status (RFC 9110 §15).
///
/// A struct with static members rather than an enum so more reasons (Tor's extended 0xF0+ codes, say)
/// can be added without breaking callers.
public struct ProxyFailure: Hashable, Sendable, CustomStringConvertible {
    /// The SOCKS5 `REP` byte.
    public let socks5ReplyCode: UInt8
    /// The HTTP status code sent to an HTTP CONNECT client.
    public let httpStatus: Int
    /// A short explanation, used as the HTTP reason phrase context and body.
    public let explanation: String

    private init(socks5ReplyCode: UInt8, httpStatus: Int, explanation: String) {
        self.socks5ReplyCode = socks5ReplyCode
        self.httpStatus = httpStatus
        self.explanation = explanation
    }

    /// 0x01 / 502: anything without a better code (circuit failed, exit misbehaved).
    public static let generalFailure = ProxyFailure(
        socks5ReplyCode: 0x01, httpStatus: 502, explanation: "the Surety network could not open the connection")
    /// 0x02 / 403: the exit's policy refuses this address or port.
    public static let notAllowedByRuleset = ProxyFailure(
        socks5ReplyCode: 0x02, httpStatus: 403, explanation: "no Surety exit allows this destination (exit policy)")
    /// 0x03 / 502: the exit has no route to the destination network.
    public static let networkUnreachable = ProxyFailure(
        socks5ReplyCode: 0x03, httpStatus: 502, explanation: "the destination network is unreachable from the exit")
    /// 0x04 / 502: the name did not resolve or the host did not answer.
    public static let hostUnreachable = ProxyFailure(
        socks5ReplyCode: 0x04, httpStatus: 502,
        explanation: "the destination host is unreachable (or its name did not resolve) from the exit")
    /// 0x05 / 502: the destination actively refused the TCP connection.
    public static let connectionRefused = ProxyFailure(
        socks5ReplyCode: 0x05, httpStatus: 502, explanation: "the destination refused the connection")
    /// 0x06 / 504: the connection or circuit timed out ("TTL expired" in RFC 1928 terms, as Tor uses it).
    public static let timedOut = ProxyFailure(
        socks5ReplyCode: 0x06, httpStatus: 504, explanation: "the connection timed out")
    /// 0x07 / 501: the request's command is not supported.
    public static let commandNotSupported = ProxyFailure(
        socks5ReplyCode: 0x07, httpStatus: 501, explanation: "this command is not supported")
    /// 0x08 / 400: the request's address type is not supported.
    public static let addressTypeNotSupported = ProxyFailure(
        socks5ReplyCode: 0x08, httpStatus: 400, explanation: "this address type is not supported")

    public var description: String { explanation }
}
