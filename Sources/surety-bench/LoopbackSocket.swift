import Foundation
import Glibc
import NIOCore

/// Blocking IPv4 loopback sockets for the circuit benchmarks: a plain sender/receiver pair (the raw
/// TCP reference) and an HTTP fetch through a SOCKS5 proxy, as curl `-x socks5h://user:x@…` does it.
/// Every socket has send and receive timeouts, so no loop here can block for longer than that.
final class LoopbackSocket: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    private static func makeSocket(timeoutSeconds: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket() failed (errno \(errno))") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// Connects to `host:port` (IPv4).
    static func connect(host: String = "127.0.0.1", port: UInt16, timeoutSeconds: Int = 30) throws -> LoopbackSocket {
        let fd = try makeSocket(timeoutSeconds: timeoutSeconds)
        let target = try SocketAddress(ipAddress: host, port: Int(port))
        let result = target.withSockAddr { address, length in Glibc.connect(fd, address, socklen_t(length)) }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Failure("connect to \(host):\(port) failed (errno \(code))")
        }
        return LoopbackSocket(fd: fd)
    }

    /// A listening socket on 127.0.0.1 with a kernel-chosen port.
    static func listen(timeoutSeconds: Int = 30) throws -> (socket: LoopbackSocket, port: UInt16) {
        let fd = try makeSocket(timeoutSeconds: timeoutSeconds)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let local = try SocketAddress(ipAddress: "127.0.0.1", port: 0)
        let bound = local.withSockAddr { address, length in
            bind(fd, address, socklen_t(length)) == 0 && Glibc.listen(fd, 16) == 0
        }
        // sockaddr_in as bytes: family (2), port (2, network order), address (4), padding.
        var name = [UInt8](repeating: 0, count: 128)
        var length = socklen_t(name.count)
        let named = name.withUnsafeMutableBytes { raw in
            getsockname(fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), &length) == 0
        }
        guard bound, named else {
            close(fd)
            throw Failure("bind/listen on 127.0.0.1 failed (errno \(errno))")
        }
        return (LoopbackSocket(fd: fd), UInt16(name[2]) << 8 | UInt16(name[3]))
    }

    /// Accepts one connection (bounded by the receive timeout).
    func accept() throws -> LoopbackSocket {
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else { throw Failure("accept failed (errno \(errno))") }
        return LoopbackSocket(fd: client)
    }

    func send(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let sent = Glibc.send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            guard sent > 0 else { throw Failure("send failed (errno \(errno))") }
            offset += sent
        }
    }

    func send(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try send($0) }
    }

    /// Reads up to `buffer.count` bytes; 0 means the peer closed.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw Failure("recv failed (errno \(errno); a timeout is EAGAIN)")
        }
    }

    /// Reads exactly `count` bytes.
    func receiveExactly(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while filled < count {
                let got = try receive(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                guard got > 0 else { throw Failure("connection closed after \(filled) of \(count) bytes") }
                filled += got
            }
        }
        return bytes
    }
}

/// One HTTP GET: when the first response byte arrived, when the body was complete, and its size.
struct FetchResult: Sendable {
    /// Seconds from starting to connect (to the proxy or the site) to the first response byte.
    var timeToFirstByte: Double
    /// Seconds from starting to connect to the last body byte.
    var total: Double
    var bodyBytes: Int
}

enum HTTPFetch {
    /// GET `path` from `host:port`, through the SOCKS5 proxy at 127.0.0.1:`socksPort` (username
    /// `user`, RFC 1929, which Surety and Tor use for stream isolation) or directly when `socksPort`
    /// is nil. The body is counted, not kept; its length must match Content-Length.
    static func get(
        host: String, port: UInt16, path: String, socksPort: UInt16?, user: String, timeoutSeconds: Int = 60
    ) throws -> FetchResult {
        let clock = ContinuousClock()
        let start = clock.now
        let socket: LoopbackSocket
        if let socksPort {
            socket = try LoopbackSocket.connect(port: socksPort, timeoutSeconds: timeoutSeconds)
            try socks5Connect(socket, host: host, port: port, user: user)
        } else {
            socket = try LoopbackSocket.connect(host: host, port: port, timeoutSeconds: timeoutSeconds)
        }
        try socket.send(Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAccept: */*\r\n\r\n".utf8))

        let chunk = 256 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var head: [UInt8] = []
        var firstByte: ContinuousClock.Instant?
        var bodyReceived = 0
        var contentLength: Int?
        while contentLength == nil {
            let got = try socket.receive(into: buffer)
            guard got > 0 else { throw Failure("connection closed before the response head") }
            if firstByte == nil { firstByte = clock.now }
            head.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            if let end = headEnd(head) {
                contentLength = try parseContentLength(head[0..<end])
                bodyReceived = head.count - end
            } else if head.count > 64 * 1024 {
                throw Failure("response head larger than 64 KiB")
            }
        }
        let expected = contentLength ?? 0
        while bodyReceived < expected {
            let got = try socket.receive(into: buffer)
            guard got > 0 else { throw Failure("connection closed after \(bodyReceived) of \(expected) body bytes") }
            bodyReceived += got
        }
        let end = clock.now
        return FetchResult(
            timeToFirstByte: seconds(start.duration(to: firstByte ?? end)), total: seconds(start.duration(to: end)),
            bodyBytes: bodyReceived)
    }

    typealias Failure = LoopbackSocket.Failure

    /// RFC 1928 CONNECT with a domain-name address after RFC 1929 username/password authentication.
    private static func socks5Connect(_ socket: LoopbackSocket, host: String, port: UInt16, user: String)
        throws
    {
        try socket.send([5, 1, 2])
        guard try socket.receiveExactly(2) == [5, 2] else { throw Failure("SOCKS5: username auth refused") }
        let name = Array(user.utf8.prefix(255))
        try socket.send([1, UInt8(name.count)] + name + [1, UInt8(ascii: "x")])
        guard try socket.receiveExactly(2) == [1, 0] else { throw Failure("SOCKS5: authentication failed") }
        let hostBytes = Array(host.utf8.prefix(255))
        try socket.send([5, 1, 0, 3, UInt8(hostBytes.count)] + hostBytes + [UInt8(port >> 8), UInt8(port & 0xff)])
        let reply = try socket.receiveExactly(4)
        guard reply[0] == 5, reply[1] == 0 else { throw Failure("SOCKS5: CONNECT failed, reply code \(reply[1])") }
        switch reply[3] {
        case 1: _ = try socket.receiveExactly(4 + 2)
        case 4: _ = try socket.receiveExactly(16 + 2)
        case 3:
            let length = try socket.receiveExactly(1)[0]
            _ = try socket.receiveExactly(Int(length) + 2)
        default: throw Failure("SOCKS5: unknown address type \(reply[3])")
        }
    }

    /// Index just past "\r\n\r\n", if the head is complete.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    private static func parseContentLength(_ head: ArraySlice<UInt8>) throws -> Int {
        let text = String(decoding: head, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200") || text.hasPrefix("HTTP/1.0 200") else {
            throw Failure("HTTP status is not 200: \(text.prefix(40))")
        }
        for line in text.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length",
                let value = Int(parts[1].trimmingCharacters(in: .whitespaces))
            {
                return value
            }
        }
        throw Failure("response has no Content-Length")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
