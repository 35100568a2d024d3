extension X25519 {
    /// An X25519 public key: a 32-byte little-endian u-coordinate (RFC 7748 §5).
    ///
    /// Any 32 bytes are accepted here, as RFC 7748 requires (the top bit is ignored); low-order
    /// points are caught when they are used, by `PrivateKey.sharedSecret(with:)`.
    public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
        /// The 32 encoded bytes.
        public let rawRepresentation: [UInt8]

        /// - Throws: `.invalidKeyLength` unless `rawRepresentation` has exactly 32 bytes.
        public init(rawRepresentation: some Collection<UInt8>) throws {
            let bytes = Array(rawRepresentation)
            guard bytes.count == X25519.keyLength else {
                throw CryptoError(.invalidKeyLength, "X25519 public key is \(bytes.count) bytes; 32 required")
            }
            self.rawRepresentation = bytes
        }

        init(validatedBytes bytes: [UInt8]) {
            rawRepresentation = bytes
        }

        public var description: String {
            let table = Array("0123456789abcdef".utf8)
            var hex: [UInt8] = []
            for byte in rawRepresentation.prefix(8) {
                hex.append(table[Int(byte >> 4)])
                hex.append(table[Int(byte & 0x0f)])
            }
            return "X25519.PublicKey(\(String(decoding: hex, as: UTF8.self))…)"
        }
    }
}
