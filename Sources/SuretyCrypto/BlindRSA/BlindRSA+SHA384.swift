import COpenSSL

extension BlindRSA {
    /// SHA-384 through libcrypto's `EVP_Digest*`, the hash every RFC 9474 named variant uses.
    enum SHA384 {
        static let byteCount = 48

        /// The digest of the concatenation of `parts`, without building the concatenation.
        static func hash(_ parts: [UInt8]...) throws -> [UInt8] {
            guard let context = EVP_MD_CTX_new() else { throw OpenSSL.failure("EVP_MD_CTX_new") }
            defer { EVP_MD_CTX_free(context) }
            try OpenSSL.check(EVP_DigestInit_ex(context, EVP_sha384(), nil), "EVP_DigestInit_ex")
            for part in parts {
                try part.withUnsafeBytes { buffer in
                    try OpenSSL.check(EVP_DigestUpdate(context, buffer.baseAddress, buffer.count), "EVP_DigestUpdate")
                }
            }
            var digest = [UInt8](repeating: 0, count: byteCount)
            var length: UInt32 = 0
            try OpenSSL.check(EVP_DigestFinal_ex(context, &digest, &length), "EVP_DigestFinal_ex")
            guard length == UInt32(byteCount) else {
                throw CryptoError(.libraryFailure, "SHA-384 returned \(length) bytes")
            }
            return digest
        }
    }
}
