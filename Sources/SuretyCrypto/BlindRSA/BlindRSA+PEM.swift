import COpenSSL

extension BlindRSA {
    /// PEM armour (RFC 7468) around DER, using libcrypto's base64 (`EVP_EncodeBlock`).
    enum PEM {
        /// `-----BEGIN label-----`, the base64 of `der` in 64-character lines, `-----END label-----`.
        static func encode(_ der: UnsafeRawBufferPointer, label: String) -> String {
            var lines = ["-----BEGIN \(label)-----"]
            if let base = der.baseAddress, der.count > 0, der.count <= Int(Int32.max) / 2 {
                var text = [UInt8](repeating: 0, count: 4 * ((der.count + 2) / 3) + 1)
                let written = EVP_EncodeBlock(&text, base.assumingMemoryBound(to: UInt8.self), Int32(der.count))
                let body = text.prefix(Int(max(written, 0)))
                var start = body.startIndex
                while start < body.endIndex {
                    let end = min(start + 64, body.endIndex)
                    lines.append(String(decoding: body[start..<end], as: UTF8.self))
                    start = end
                }
                ConstantTime.wipe(&text)
            }
            lines.append("-----END \(label)-----")
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
