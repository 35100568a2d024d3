import NIOCore

extension RelayMessage {
    /// BEGIN: `host:port` NUL flags u32 (Docs/SPEC.md §6.3).
    public struct Begin: Hashable, Sendable, CustomStringConvertible {
        /// BEGIN flags (Docs/SPEC.md §6.3). Unknown bits are kept and ignored.
        public struct Flags: OptionSet, Hashable, Sendable {
            public var rawValue: UInt32
            public init(rawValue: UInt32) { self.rawValue = rawValue }

            public static let ipv6Okay = Flags(rawValue: 1 << 0)
            public static let ipv4NotOkay = Flags(rawValue: 1 << 1)
            public static let preferIPv6 = Flags(rawValue: 1 << 2)
        }

        /// A hostname (which may be a dotted IPv4 literal) or a bracketed IPv6 literal.
        public let host: String
        /// 1–65535.
        public let port: UInt16
        public let flags: Flags

        public init(host: String, port: UInt16, flags: Flags = []) throws {
            try Self.validateHost(Array(host.utf8), code: .invalidArgument)
            guard port != 0 else { throw WireError(.invalidArgument, "BEGIN port 0") }
            self.host = host
            self.port = port
            self.flags = flags
        }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            let view = buffer.readableBytesView
            guard let nul = view.firstIndex(of: 0) else {
                throw WireError(.truncated, "BEGIN target has no NUL terminator")
            }
            let target = view[view.startIndex..<nul]
            guard let colon = target.lastIndex(of: UInt8(ascii: ":")) else {
                throw WireError(.invalidField, "BEGIN target has no port")
            }
            let hostBytes = target[target.startIndex..<colon]
            try Self.validateHost(hostBytes, code: .invalidField)
            port = try Self.parsePort(target[(colon + 1)...])
            host = String(decoding: hostBytes, as: UTF8.self)
            buffer.moveReaderIndex(forwardBy: nul - view.startIndex + 1)
            flags = Flags(rawValue: try buffer.readWireInteger(UInt32.self, "BEGIN flags"))
            try buffer.requireFullyConsumed("BEGIN")
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeString(host)
            buffer.writeInteger(UInt8(ascii: ":"))
            buffer.writeString(String(port))
            buffer.writeMultipleIntegers(UInt8(0), flags.rawValue)
        }

        /// Destinations are redacted in logs by default (DESIGN.md "Cryptography").
        public var description: String { "Begin([scrubbed], flags: \(flags.rawValue))" }

        private static func isIPv6LiteralByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: ":"), UInt8(ascii: "."):
                true
            default: false
            }
        }

        /// Docs/SPEC.md §1.6: hostname, or `[` 2–45 literal bytes `]`; at most 255 bytes.
        static func validateHost(_ bytes: some BidirectionalCollection<UInt8>, code: WireError.Code) throws {
            guard bytes.count <= WireLimits.maxHostname else {
                throw WireError(code == .invalidField ? .tooLong : code, "BEGIN host longer than 255 bytes")
            }
            if bytes.first == UInt8(ascii: "[") {
                let inner = bytes.dropFirst().dropLast()
                guard bytes.count >= 2, bytes.last == UInt8(ascii: "]"), (2...45).contains(inner.count),
                    inner.allSatisfy(isIPv6LiteralByte)
                else { throw WireError(code, "malformed bracketed IPv6 literal in BEGIN") }
            } else {
                try Hostname.validate(bytes, code: code)
            }
        }

        /// Decimal 1–65535 without sign or leading zero.
        static func parsePort(_ digits: some Collection<UInt8>) throws -> UInt16 {
            guard (1...5).contains(digits.count), digits.first != UInt8(ascii: "0") else {
                throw WireError(.invalidField, "BEGIN port is not canonical decimal")
            }
            var value = 0
            for digit in digits {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else {
                    throw WireError(.invalidField, "BEGIN port is not decimal")
                }
                value = value * 10 + Int(digit - UInt8(ascii: "0"))
            }
            guard value <= Int(UInt16.max) else { throw WireError(.invalidField, "BEGIN port above 65535") }
            return UInt16(value)
        }
    }
}
