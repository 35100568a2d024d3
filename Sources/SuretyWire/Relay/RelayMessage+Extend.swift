public import NIOCore

extension RelayMessage {
    /// EXTEND: link specifiers of the next relay, then the hop handshake for it
    /// (Docs/SPEC.md §6.9). Travels only in RELAY_EARLY (§5.7).
    public struct Extend: Hashable, Sendable {
        static let typeIPv4: UInt8 = 0
        static let typeIPv6: UInt8 = 1
        static let typeIdentity: UInt8 = 2
        static let typeLinkKey: UInt8 = 3
        static let typeOnionKey: UInt8 = 4
        /// Specifier count bounds.
        static let specifierCounts = 4...8

        public let ipv4: IPv4Endpoint?
        public let ipv6: IPv6Endpoint?
        /// The next relay's Ed25519 identity key.
        public let identityKey: Bytes32
        /// The next relay's X25519 link static key (checked against its link certificate).
        public let linkKey: Bytes32
        /// The next relay's X25519 onion key (the NK responder key of the handshake).
        public let onionKey: Bytes32
        /// Specifiers of reserved types, ascending by type; ignored by v1 relays.
        public let unknownSpecifiers: [UnknownLinkSpecifier]
        public let handshakeType: HandshakeType
        /// Hop handshake msg1 for the next relay, 1–768 bytes.
        public let handshake: ByteBuffer

        public init(
            ipv4: IPv4Endpoint?,
            ipv6: IPv6Endpoint?,
            identityKey: Bytes32,
            linkKey: Bytes32,
            onionKey: Bytes32,
            unknownSpecifiers: [UnknownLinkSpecifier] = [],
            handshakeType: HandshakeType = .noiseNK,
            handshake: ByteBuffer
        ) throws {
            guard ipv4 != nil || ipv6 != nil else {
                throw WireError(.invalidArgument, "EXTEND needs an IPv4 or IPv6 endpoint")
            }
            guard zip(unknownSpecifiers, unknownSpecifiers.dropFirst()).allSatisfy({ $0.type < $1.type }) else {
                throw WireError(.invalidArgument, "unknown link specifiers must be strictly ascending by type")
            }
            try HopHandshakeBytes.validate(handshake, code: .invalidArgument)
            self.ipv4 = ipv4
            self.ipv6 = ipv6
            self.identityKey = identityKey
            self.linkKey = linkKey
            self.onionKey = onionKey
            self.unknownSpecifiers = unknownSpecifiers
            self.handshakeType = handshakeType
            self.handshake = handshake
            guard Self.specifierCounts.contains(specifierCount) else {
                throw WireError(.invalidArgument, "EXTEND carries 4-8 link specifiers, got \(specifierCount)")
            }
            guard encodedLength <= RelayCell.maxDataLength else {
                throw WireError(.invalidArgument, "EXTEND of \(encodedLength) bytes does not fit a relay cell")
            }
        }

        var specifierCount: Int { 3 + (ipv4 == nil ? 0 : 1) + (ipv6 == nil ? 0 : 1) + unknownSpecifiers.count }

        var encodedLength: Int {
            1 + (ipv4 == nil ? 0 : 8) + (ipv6 == nil ? 0 : 20) + 3 * 34
                + unknownSpecifiers.reduce(0) { $0 + 2 + $1.value.readableBytes } + 4 + handshake.readableBytes
        }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            let count = Int(try buffer.readWireInteger(UInt8.self, "EXTEND specifier count"))
            guard Self.specifierCounts.contains(count) else {
                throw WireError(.invalidField, "EXTEND carries \(count) link specifiers, need 4-8")
            }
            var ipv4: IPv4Endpoint?
            var ipv6: IPv6Endpoint?
            var identity: Bytes32?
            var linkKey: Bytes32?
            var onionKey: Bytes32?
            var unknown: [UnknownLinkSpecifier] = []
            var previousType: Int = -1
            for _ in 0..<count {
                let type = try buffer.readWireInteger(UInt8.self, "link specifier type")
                guard Int(type) > previousType else {
                    throw WireError(.unorderedFields, "link specifiers not strictly ascending at type \(type)")
                }
                previousType = Int(type)
                let length = Int(try buffer.readWireInteger(UInt8.self, "link specifier length"))
                var value = try buffer.readWireSlice(length: length, "link specifier value")
                switch type {
                case Self.typeIPv4:
                    guard length == 6 else { throw WireError(.invalidLength, "IPv4 link specifier length \(length)") }
                    let address = try value.readWireInteger(UInt32.self, "IPv4 specifier")
                    let port = try value.readWireInteger(UInt16.self, "IPv4 port")
                    guard port != 0 else { throw WireError(.invalidField, "IPv4 link specifier port 0") }
                    ipv4 = IPv4Endpoint(unchecked: IPv4Address(address), port: port)
                case Self.typeIPv6:
                    guard length == 18 else { throw WireError(.invalidLength, "IPv6 link specifier length \(length)") }
                    let high = try value.readWireInteger(UInt64.self, "IPv6 specifier")
                    let low = try value.readWireInteger(UInt64.self, "IPv6 specifier")
                    let port = try value.readWireInteger(UInt16.self, "IPv6 port")
                    guard port != 0 else { throw WireError(.invalidField, "IPv6 link specifier port 0") }
                    ipv6 = IPv6Endpoint(unchecked: IPv6Address(high: high, low: low), port: port)
                case Self.typeIdentity, Self.typeLinkKey, Self.typeOnionKey:
                    guard length == 32 else { throw WireError(.invalidLength, "key link specifier length \(length)") }
                    let key = try value.readBytes32("key link specifier")
                    switch type {
                    case Self.typeIdentity: identity = key
                    case Self.typeLinkKey: linkKey = key
                    default: onionKey = key
                    }
                default:
                    unknown.append(UnknownLinkSpecifier(unchecked: type, value: value))
                }
            }
            guard let identity, let linkKey, let onionKey, ipv4 != nil || ipv6 != nil else {
                throw WireError(.missingField, "EXTEND lacks a required link specifier")
            }
            let handshakeType = HandshakeType(
                rawValue: try buffer.readWireInteger(UInt16.self, "EXTEND handshake type"))
            let handshake = try HopHandshakeBytes.read(from: &buffer, what: "EXTEND")
            try buffer.requireFullyConsumed("EXTEND")
            self.ipv4 = ipv4
            self.ipv6 = ipv6
            self.identityKey = identity
            self.linkKey = linkKey
            self.onionKey = onionKey
            self.unknownSpecifiers = unknown
            self.handshakeType = handshakeType
            self.handshake = handshake
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(UInt8(specifierCount))
            if let ipv4 {
                buffer.writeMultipleIntegers(Self.typeIPv4, UInt8(6), ipv4.address.value, ipv4.port)
            }
            if let ipv6 {
                buffer.writeMultipleIntegers(Self.typeIPv6, UInt8(18), ipv6.address.high, ipv6.address.low, ipv6.port)
            }
            for (type, key) in [
                (Self.typeIdentity, identityKey), (Self.typeLinkKey, linkKey), (Self.typeOnionKey, onionKey),
            ] {
                buffer.writeMultipleIntegers(type, UInt8(32))
                key.write(to: &buffer)
            }
            for specifier in unknownSpecifiers {
                buffer.writeMultipleIntegers(specifier.type, UInt8(specifier.value.readableBytes))
                buffer.writeImmutableBuffer(specifier.value)
            }
            buffer.writeInteger(handshakeType.rawValue)
            HopHandshakeBytes.write(handshake, to: &buffer)
        }
    }
}
