import NIOCore

/// Responses the front end sends to HTTP CONNECT clients (RFC 9110 §9.3.6, §15).
enum HTTPProxyResponse {
    /// Sent to a client that speaks HTTP but not CONNECT, such as a browser configured to use this
    /// port as a plain HTTP proxy.
    static let notATunnelExplanation =
        "This is a Surety proxy port. It speaks SOCKS5 and HTTP CONNECT only, not plain HTTP proxying. "
        + "Configure your program to use it as a SOCKS5 proxy (curl --socks5-hostname) "
        + "or as an HTTPS (CONNECT) proxy."

    /// `200` ends the head; every byte after it belongs to the tunnel (RFC 9110 §9.3.6).
    static func established() -> ByteBuffer {
        text("HTTP/1.1 200 Connection established\r\n\r\n")
    }

    /// A complete error response with a short plain-text body; the connection closes after it.
    static func error(status: Int, explanation: String, allowConnect: Bool = false) -> ByteBuffer {
        let body = "Surety proxy: \(explanation)\n"
        var head = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        head += "Content-Type: text/plain; charset=utf-8\r\n"
        head += "Content-Length: \(body.utf8.count)\r\n"
        if allowConnect { head += "Allow: CONNECT\r\n" }
        head += "Connection: close\r\n\r\n"
        return text(head + body)
    }

    static func failure(_ failure: ProxyFailure) -> ByteBuffer {
        error(status: failure.httpStatus, explanation: failure.explanation)
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "Connection established"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 405: "Method Not Allowed"
        case 431: "Request Header Fields Too Large"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Error"
        }
    }

    private static func text(_ string: String) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: string.utf8.count)
        buffer.writeString(string)
        return buffer
    }
}
