import COpenSSL
import CSodium

extension BlindRSA {
    /// An owned OpenSSL `EVP_PKEY` holding an RSA key, freed when released.
    ///
    /// Once built the key is never modified, which is what OpenSSL 3 requires for using one `EVP_PKEY` from
    /// several threads at once (each operation gets its own `EVP_PKEY_CTX`).
    final class EVPKey {
        let pointer: OpaquePointer

        init(taking pointer: OpaquePointer) {
            self.pointer = pointer
        }

        deinit {
            EVP_PKEY_free(pointer)
        }

        /// OpenSSL's key-selection bits (`OSSL_KEYMGMT_SELECT_*`), spelled out because the C macros that combine
        /// them are not imported into Swift.
        enum Selection {
            /// `EVP_PKEY_PUBLIC_KEY`: domain parameters and the public key.
            case publicKey
            /// `EVP_PKEY_KEYPAIR`: domain parameters, public and private key.
            case keyPair

            var bits: Int32 {
                let parameters = Int32(OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS)
                switch self {
                case .publicKey: return parameters | Int32(OSSL_KEYMGMT_SELECT_PUBLIC_KEY)
                case .keyPair:
                    return parameters | Int32(OSSL_KEYMGMT_SELECT_PUBLIC_KEY | OSSL_KEYMGMT_SELECT_PRIVATE_KEY)
                }
            }
        }

        /// Decodes an RSA key with `OSSL_DECODER`.
        ///
        /// - Parameters:
        ///   - format: `"DER"` or `"PEM"`.
        ///   - structure: `"SubjectPublicKeyInfo"`, `"PrivateKeyInfo"`, or `nil` to accept any RSA structure.
        /// - Throws: `.invalidParameter` if the bytes are not exactly one such key (trailing bytes are rejected).
        static func decode(
            _ bytes: UnsafeRawBufferPointer, format: String, structure: String?, selection: Selection
        ) throws -> EVPKey {
            // OSSL_DECODER keeps the type, structure and result pointers until decoding ends: give them storage that
            // outlives the call.
            try format.withCString { formatName in
                try withOptionalCString(structure) { structureName in
                    try "RSA".withCString { keyType in
                        var decoded: OpaquePointer?
                        return try withUnsafeMutablePointer(to: &decoded) { result in
                            try decode(
                                bytes, into: result, formatName: formatName, structureName: structureName,
                                keyType: keyType, selection: selection,
                                description: "\(format) RSA \(structure ?? "key")",
                                allowTrailingWhitespace: format == "PEM")
                        }
                    }
                }
            }
        }

        private static func decode(
            _ bytes: UnsafeRawBufferPointer, into result: UnsafeMutablePointer<OpaquePointer?>,
            formatName: UnsafePointer<CChar>, structureName: UnsafePointer<CChar>?, keyType: UnsafePointer<CChar>,
            selection: Selection, description: String, allowTrailingWhitespace: Bool
        ) throws -> EVPKey {
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                throw CryptoError(.invalidParameter, "empty \(description) encoding")
            }
            guard
                let context = OSSL_DECODER_CTX_new_for_pkey(
                    result, formatName, structureName, keyType, selection.bits, nil, nil)
            else { throw OpenSSL.failure("OSSL_DECODER_CTX_new_for_pkey") }
            defer { OSSL_DECODER_CTX_free(context) }
            var cursor: UnsafePointer<UInt8>? = UnsafePointer(base.assumingMemoryBound(to: UInt8.self))
            var remaining = bytes.count
            let status = OSSL_DECODER_from_data(context, &cursor, &remaining)
            guard status == 1, let key = result.pointee else {
                if let partial = result.pointee { EVP_PKEY_free(partial) }
                OpenSSL.discardErrors()
                throw CryptoError(.invalidParameter, "not a \(description) encoding")
            }
            let owned = EVPKey(taking: key)
            guard remaining == 0 || (allowTrailingWhitespace && isWhitespace(bytes.suffix(remaining))) else {
                throw CryptoError(.invalidParameter, "trailing bytes after the \(description)")
            }
            guard EVP_PKEY_is_a(key, "RSA") == 1 else {
                throw CryptoError(.invalidParameter, "key is not a plain RSA key")
            }
            return owned
        }

        private static func withOptionalCString<R>(
            _ string: String?, _ body: (UnsafePointer<CChar>?) throws -> R
        ) rethrows -> R {
            guard let string else { return try body(nil) }
            return try string.withCString { try body($0) }
        }

        private static func isWhitespace(_ bytes: Slice<UnsafeRawBufferPointer>) -> Bool {
            bytes.allSatisfy { $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 || $0 == 0 }
        }

        /// Encodes the key with `OSSL_ENCODER` (`format` `"DER"` or `"PEM"`, `structure` such as
        /// `"SubjectPublicKeyInfo"` or `"PrivateKeyInfo"`). The output is returned in zeroising storage and OpenSSL's
        /// copy is wiped before it is freed.
        func encode(format: String, structure: String, selection: Selection) throws -> SecretBytes {
            // OSSL_ENCODER keeps the type and structure pointers until encoding ends: keep the C strings alive.
            try format.withCString { formatName in
                try structure.withCString { structureName in
                    try encode(formatName: formatName, structureName: structureName, selection: selection)
                }
            }
        }

        private func encode(
            formatName: UnsafePointer<CChar>, structureName: UnsafePointer<CChar>, selection: Selection
        ) throws -> SecretBytes {
            guard
                let context = OSSL_ENCODER_CTX_new_for_pkey(pointer, selection.bits, formatName, structureName, nil)
            else { throw OpenSSL.failure("OSSL_ENCODER_CTX_new_for_pkey") }
            defer { OSSL_ENCODER_CTX_free(context) }
            var data: UnsafeMutablePointer<UInt8>?
            var length = 0
            guard OSSL_ENCODER_to_data(context, &data, &length) == 1, let data else {
                throw OpenSSL.failure("OSSL_ENCODER_to_data")
            }
            defer {
                sodium_memzero(data, length)
                surety_openssl_free(data)
            }
            return SecretBytes(UnsafeBufferPointer(start: data, count: length))
        }

        /// Reads a big-number parameter such as `"n"` or `"e"`.
        func bigNumParameter(_ name: String) throws -> BigNum {
            var value: OpaquePointer?
            guard EVP_PKEY_get_bn_param(pointer, name, &value) == 1, let value else {
                throw OpenSSL.failure("EVP_PKEY_get_bn_param(\(name))")
            }
            return BigNum(taking: value)
        }

        /// Builds an RSA key from named big-number parameters (`n`, `e`, `d`, `rsa-factor1`, ...) with
        /// `OSSL_PARAM_BLD` and `EVP_PKEY_fromdata`.
        static func fromParameters(_ parameters: [(String, BigNum)], selection: Selection) throws -> EVPKey {
            // OSSL_PARAM_BLD and the OSSL_PARAM array it builds point at the parameter names without copying them,
            // so the names get storage that outlives both.
            let names = parameters.map { name, _ in
                let cString = name.utf8CString
                let storage = UnsafeMutablePointer<CChar>.allocate(capacity: cString.count)
                storage.initialize(from: Array(cString), count: cString.count)
                return storage
            }
            defer { names.forEach { $0.deallocate() } }
            guard let builder = OSSL_PARAM_BLD_new() else { throw OpenSSL.failure("OSSL_PARAM_BLD_new") }
            defer { OSSL_PARAM_BLD_free(builder) }
            for ((_, value), name) in zip(parameters, names) {
                try OpenSSL.check(OSSL_PARAM_BLD_push_BN(builder, name, value.pointer), "OSSL_PARAM_BLD_push_BN")
            }
            guard let params = OSSL_PARAM_BLD_to_param(builder) else {
                throw OpenSSL.failure("OSSL_PARAM_BLD_to_param")
            }
            // Numbers made with `BigNum(secret: true)` carry BN_FLG_SECURE, so the builder copies them into a
            // secure block that OSSL_PARAM_free clears before freeing.
            defer { OSSL_PARAM_free(params) }
            guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
                throw OpenSSL.failure("EVP_PKEY_CTX_new_from_name")
            }
            defer { EVP_PKEY_CTX_free(context) }
            try OpenSSL.check(EVP_PKEY_fromdata_init(context), "EVP_PKEY_fromdata_init")
            var key: OpaquePointer?
            guard EVP_PKEY_fromdata(context, &key, selection.bits, params) == 1, let key else {
                throw OpenSSL.failure("EVP_PKEY_fromdata")
            }
            return EVPKey(taking: key)
        }
    }
}
