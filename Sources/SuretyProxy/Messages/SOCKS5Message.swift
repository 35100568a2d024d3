import NIOCore

/// SOCKS version 5 wire formats (RFC 1928) and the username/password sub-negotiation (RFC 1929).
///
/// Parsers look at the front of a buffer without consuming it and never allocate from a length field
/// before the bytes it announces have arrived (every field is at most 255 bytes anyway).
enum SOCKS5Message {
    static let version: UInt8 = 0x05

    /// RFC 1928 §3 METHOD values.
    enum Method {
        static let noAuthentication: UInt8 = 0x00
        static let usernamePassword: UInt8 = 0x02
        static let noAcceptableMethods: UInt8 = 0xFF
    }

    /// RFC 1928 §4 CMD values.
    enum Command {
        static let connect: UInt8 = 0x01
        static let bind: UInt8 = 0x02
        static let udpAssociate: UInt8 = 0x03
    }

    /// RFC 1928 §5 ATYP values.
    enum AddressType {
        static let ipv4: UInt8 = 0x01
        static let domainName: UInt8 = 0x03
        static let ipv6: UInt8 = 0x04
    }

    /// RFC 1928 §6 REP values we send ourselves (service failures come from `ProxyFailure`).
    enum Reply {
        static let succeeded: UInt8 = 0x00
    }

    /// RFC 1929 §2 sub-negotiation version.
    static let authenticationVersion: UInt8 = 0x01

    // MARK: - Client messages

    /// RFC 1928 §3: VER | NMETHODS | METHODS (1 to 255 octets).
    static func peekGreeting(_ buffer: ByteBuffer) -> PeekResult<[UInt8]> {
        let start = buffer.readerIndex
        guard let count = buffer.getInteger(at: start + 1, as: UInt8.self) else { return .needMoreBytes }
        guard let methods = buffer.getBytes(at: start + 2, length: Int(count)) else { return .needMoreBytes }
        return .complete(methods, length: 2 + Int(count))
    }

    /// The method we pick: username/password when offered (so the client's credentials reach us for
    /// stream isolation, as Tor does), otherwise no authentication, otherwise none acceptable.
    static func selectMethod(from methods: [UInt8]) -> UInt8 {
        if methods.contains(Method.usernamePassword) { return Method.usernamePassword }
        if methods.contains(Method.noAuthentication) { return Method.noAuthentication }
        return Method.noAcceptableMethods
    }

    /// RFC 1929 §2: VER | ULEN | UNAME | PLEN | PASSWD. The caller has checked VER. Zero-length fields
    /// are accepted (RFC 1929 says 1 to 255, but Tor and common clients allow empty ones).
    static func peekCredentials(_ buffer: ByteBuffer) -> PeekResult<ProxyCredentials> {
        let start = buffer.readerIndex
        guard let usernameLength = buffer.getInteger(at: start + 1, as: UInt8.self),
            let username = buffer.getBytes(at: start + 2, length: Int(usernameLength)),
            let passwordLength = buffer.getInteger(at: start + 2 + Int(usernameLength), as: UInt8.self),
            let password = buffer.getBytes(at: start + 3 + Int(usernameLength), length: Int(passwordLength))
        else { return .needMoreBytes }
        return .complete(
            ProxyCredentials(username: username, password: password),
            length: 3 + Int(usernameLength) + Int(passwordLength))
    }

    /// What the first bytes of a request (RFC 1928 §4) say.
    enum Request {
        /// A complete CONNECT request.
        case connect(ProxyTarget, port: UInt16)
        /// VER was not 5.
        case badVersion
        /// CMD was not CONNECT.
        case unsupportedCommand(UInt8)
        /// ATYP was not 1, 3 or 4.
        case unsupportedAddressType(UInt8)
        /// A domain name that is empty, too long or not a host name.
        case invalidDomain
    }

    /// RFC 1928 §4: VER | CMD | RSV | ATYP | DST.ADDR | DST.PORT. Refusals are decided from the earliest
    /// byte that settles them (VER, then CMD, then ATYP), so the reply does not depend on how the bytes
    /// arrive. RSV is ignored, as Tor does.
    static func peekRequest(_ buffer: ByteBuffer) -> PeekResult<Request> {
        let start = buffer.readerIndex
        guard let version = buffer.getInteger(at: start, as: UInt8.self) else { return .needMoreBytes }
        guard version == SOCKS5Message.version else { return .complete(.badVersion, length: 1) }
        guard let command = buffer.getInteger(at: start + 1, as: UInt8.self) else { return .needMoreBytes }
        guard command == Command.connect else { return .complete(.unsupportedCommand(command), length: 2) }
        guard let addressType = buffer.getInteger(at: start + 3, as: UInt8.self) else { return .needMoreBytes }
        let addressStart = start + 4
        let target: ProxyTarget?
        let addressLength: Int
        switch addressType {
        case AddressType.ipv4:
            addressLength = 4
            guard let bytes = buffer.getBytes(at: addressStart, length: 4) else { return .needMoreBytes }
            target = IPv4Address(bytes: bytes).map { .address(.v4($0)) }
        case AddressType.ipv6:
            addressLength = 16
            guard let bytes = buffer.getBytes(at: addressStart, length: 16) else { return .needMoreBytes }
            target = IPv6Address(bytes: bytes).map { .address(.v6($0)) }
        case AddressType.domainName:
            guard let length = buffer.getInteger(at: addressStart, as: UInt8.self) else { return .needMoreBytes }
            addressLength = 1 + Int(length)
            guard let bytes = buffer.getBytes(at: addressStart + 1, length: Int(length)) else { return .needMoreBytes }
            target = ProxyTarget(host: bytes)
        default:
            return .complete(.unsupportedAddressType(addressType), length: 4)
        }
        guard let port = buffer.getInteger(at: addressStart + addressLength, as: UInt16.self) else {
            return .needMoreBytes
        }
        let total = 4 + addressLength + 2
        guard let target else { return .complete(.invalidDomain, length: total) }
        return .complete(.connect(target, port: port), length: total)
    }

    // MARK: - Server messages

    /// RFC 1928 §3 method selection: VER | METHOD.
    static func methodSelection(_ method: UInt8) -> ByteBuffer {
        bytes([version, method])
    }

    /// RFC 1929 §2 status: VER | STATUS (0x00 success, anything else failure and close).
    static func authenticationStatus(success: Bool) -> ByteBuffer {
        bytes([authenticationVersion, success ? 0x00 : 0x01])
    }

    /// RFC 1928 §6: VER | REP | RSV | ATYP | BND.ADDR | BND.PORT, always with BND = 0.0.0.0:0.
    /// The bound address would reveal nothing useful (the stream leaves from a remote exit), and Tor
    /// sends the same.
    static func reply(_ code: UInt8) -> ByteBuffer {
        bytes([version, code, 0x00, AddressType.ipv4, 0, 0, 0, 0, 0, 0])
    }

    /// SOCKS4 reply (VN=0, CD=91 "request rejected or failed") so a SOCKS4 client reports a refusal
    /// rather than a protocol error.
    static let socks4Rejection: ByteBuffer = bytes([0x00, 0x5B, 0, 0, 0, 0, 0, 0])

    static func bytes(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }
}
