public import SuretyCrypto

/// The text format of Surety key files (written 0600 by `surety-admin`, read by the daemons):
///
///     # Surety Ed25519 key for authority "auth1". Keep this file secret and backed up.
///     kind = "ed25519"
///     seed = "<64 hex digits>"
///     public = "<64 hex digits>"
///
/// and, for an admin's governance key share, `kind = "governance-share"`, `index = <i>`,
/// `secret = "<64 hex>"`, `group_key = "<64 hex>"`. Parsing is sans-I/O; callers read the file.
/// The hex text of a secret passes through ordinary `String`s here, which are not wiped:
/// key files are written once at the ceremony and read once at start.
public enum KeyFile {
    public static func encode(signingKey: Ed25519.SigningKey, comment: String) -> [UInt8] {
        let seed = signingKey.seed.withUnsafeBytes { HexString.encode($0) }
        return Array(
            """
            # \(comment)
            kind = "ed25519"
            seed = "\(seed)"
            public = "\(HexString.encode(signingKey.publicKey.rawRepresentation))"

            """.utf8)
    }

    public static func encode(share: EscrowKeyShare, groupKey: EscrowGroupKey, comment: String) -> [UInt8] {
        let secret = share.secret.secretBytes.withUnsafeBytes { HexString.encode($0) }
        return Array(
            """
            # \(comment)
            kind = "governance-share"
            index = \(share.index)
            secret = "\(secret)"
            group_key = "\(HexString.encode(groupKey.publicKey.encoded))"

            """.utf8)
    }

    /// Reads an Ed25519 key file; checks the stored public key matches the seed.
    public static func signingKey(from bytes: [UInt8]) throws -> Ed25519.SigningKey {
        let fields = try parse(bytes)
        guard fields["kind"] == "ed25519" else { throw DocumentError(.malformed, "not an ed25519 key file") }
        guard let seedHex = fields["seed"], let seed = HexString.decode(seedHex), seed.count == 32 else {
            throw DocumentError(.malformed, "key file has no 32-byte seed")
        }
        let key = try Ed25519.SigningKey(seed: SecretBytes(seed))
        if let publicHex = fields["public"], HexString.decode(publicHex) != key.publicKey.rawRepresentation {
            throw DocumentError(.malformed, "key file's public key does not match its seed")
        }
        return key
    }

    /// Reads a governance share file.
    public static func share(from bytes: [UInt8]) throws -> EscrowKeyShare {
        let fields = try parse(bytes)
        guard fields["kind"] == "governance-share", let indexText = fields["index"], let index = UInt8(indexText),
            let secretHex = fields["secret"], let secret = HexString.decode(secretHex)
        else { throw DocumentError(.malformed, "not a governance share file") }
        return try EscrowKeyShare(index: index, secret: try Ristretto255.Scalar(canonical: SecretBytes(secret)))
    }

    static func parse(_ bytes: [UInt8]) throws -> [String: String] {
        guard bytes.count <= 4096 else { throw DocumentError(.tooLarge, "key file is larger than 4 KiB") }
        var fields: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingPrefix(while: \.isWhitespace)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw DocumentError(.malformed, "key file line without '='")
            }
            let name = trimmed[..<equals].trimmingCharacters()
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            fields[name] = value
        }
        return fields
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
