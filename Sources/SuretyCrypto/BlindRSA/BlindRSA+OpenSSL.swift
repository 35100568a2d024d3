import COpenSSL

extension BlindRSA {
    /// Turns OpenSSL's return codes and error queue into `CryptoError`s.
    enum OpenSSL {
        /// A `.libraryFailure` naming the failed call and OpenSSL's first queued reason.
        ///
        /// The error queue is cleared so that a later, unrelated failure is not blamed on this one.
        static func failure(_ function: String) -> CryptoError {
            let code = ERR_get_error()
            var reason = ""
            if code != 0 {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
                reason = ": " + String(decoding: bytes, as: UTF8.self)
            }
            ERR_clear_error()
            return CryptoError(.libraryFailure, "\(function) failed\(reason)")
        }

        /// Throws `failure(function)` unless `status` is OpenSSL's success value 1.
        static func check(_ status: Int32, _ function: String) throws {
            guard status == 1 else { throw failure(function) }
        }

        /// Drops queued OpenSSL errors after a failure that we report with our own, more specific error
        /// (for example a decoder rejecting malformed DER).
        static func discardErrors() {
            ERR_clear_error()
        }
    }
}
