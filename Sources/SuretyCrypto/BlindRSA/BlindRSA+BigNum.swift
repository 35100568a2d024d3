import COpenSSL

extension BlindRSA {
    /// An OpenSSL `BIGNUM`, cleared and freed when released.
    ///
    /// Secret values (blinding factors, their inverses, encoded messages before blinding) are created with
    /// `secret: true`: they are allocated on OpenSSL's secure heap when one is configured and carry
    /// `BN_FLG_CONSTTIME`, so `BN_mod_inverse` and modular exponentiation take their constant-time paths.
    final class BigNum {
        let pointer: OpaquePointer

        /// A new zero-valued number.
        init(secret: Bool = false) throws {
            guard let pointer = secret ? BN_secure_new() : BN_new() else { throw OpenSSL.failure("BN_new") }
            self.pointer = pointer
            if secret { BN_set_flags(pointer, BN_FLG_CONSTTIME) }
        }

        /// Takes ownership of a `BIGNUM` that OpenSSL allocated for us.
        init(taking pointer: OpaquePointer, secret: Bool = false) {
            self.pointer = pointer
            if secret { BN_set_flags(pointer, BN_FLG_CONSTTIME) }
        }

        /// OS2IP (RFC 8017 §4.2) of public bytes: interprets big-endian bytes as a non-negative integer.
        convenience init(bigEndian bytes: [UInt8]) throws {
            try self.init(bigEndian: bytes, secret: false)
        }

        /// OS2IP of bytes that may be secret.
        convenience init(bigEndian bytes: [UInt8], secret: Bool) throws {
            try self.init(secret: secret)
            try bytes.withUnsafeBytes { try load(bigEndian: $0) }
        }

        /// OS2IP of secret bytes.
        convenience init(bigEndian bytes: SecretBytes) throws {
            try self.init(secret: true)
            try bytes.withUnsafeBytes { try load(bigEndian: $0) }
        }

        private func load(bigEndian bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                try OpenSSL.check(BN_set_word(pointer, 0), "BN_set_word")
                return
            }
            guard bytes.count <= Int(Int32.max) else {
                throw CryptoError(.invalidLength, "integer encoding is too long")
            }
            guard BN_bin2bn(base.assumingMemoryBound(to: UInt8.self), Int32(bytes.count), pointer) != nil else {
                throw OpenSSL.failure("BN_bin2bn")
            }
        }

        deinit {
            BN_clear_free(pointer)
        }

        /// I2OSP (RFC 8017 §4.1): exactly `count` big-endian bytes, or `nil` if the value needs more.
        func bigEndianBytes(count: Int) -> [UInt8]? {
            guard count > 0, count <= Int(Int32.max) else { return nil }
            var out = [UInt8](repeating: 0, count: count)
            let written = BN_bn2binpad(pointer, &out, Int32(count))
            return written == Int32(count) ? out : nil
        }

        /// I2OSP into zeroising storage, or `nil` if the value needs more than `count` bytes.
        func secretBigEndianBytes(count: Int) -> SecretBytes? {
            guard count > 0, count <= Int(Int32.max) else { return nil }
            var written: Int32 = -1
            let out = SecretBytes(count: count) { buffer in
                if let base = buffer.baseAddress {
                    written = BN_bn2binpad(pointer, base.assumingMemoryBound(to: UInt8.self), Int32(count))
                }
            }
            return written == Int32(count) ? out : nil
        }

        /// The minimal big-endian encoding (empty for zero), for exporting public parameters.
        var minimalBigEndianBytes: [UInt8] {
            let count = (Int(BN_num_bits(pointer)) + 7) / 8
            return count == 0 ? [] : (bigEndianBytes(count: count) ?? [])
        }

        var bitCount: Int { Int(BN_num_bits(pointer)) }
        var isZero: Bool { BN_is_zero(pointer) == 1 }
        var isOne: Bool { BN_is_one(pointer) == 1 }
        var isOdd: Bool { BN_is_odd(pointer) == 1 }

        /// `self < other` for non-negative numbers. Not constant time: use on public values or on
        /// range checks whose outcome is public anyway.
        func isLess(than other: BigNum) -> Bool {
            BN_ucmp(pointer, other.pointer) < 0
        }

        /// Equality for public values.
        func isEqual(to other: BigNum) -> Bool {
            BN_cmp(pointer, other.pointer) == 0
        }
    }

    /// An OpenSSL `BN_CTX` (scratch space for big-number arithmetic) on the secure heap.
    ///
    /// A context is not thread-safe, so every operation makes its own.
    final class BigNumContext {
        let pointer: OpaquePointer

        init() throws {
            guard let pointer = BN_CTX_secure_new() else { throw OpenSSL.failure("BN_CTX_secure_new") }
            self.pointer = pointer
        }

        deinit {
            BN_CTX_free(pointer)
        }
    }

    /// A precomputed Montgomery context for a public modulus.
    ///
    /// Built once per key; OpenSSL only reads it afterwards, so it may be shared across threads.
    final class MontgomeryContext {
        let pointer: OpaquePointer

        init(modulus: BigNum) throws {
            guard let pointer = BN_MONT_CTX_new() else { throw OpenSSL.failure("BN_MONT_CTX_new") }
            self.pointer = pointer
            let context = try BigNumContext()
            try OpenSSL.check(BN_MONT_CTX_set(pointer, modulus.pointer, context.pointer), "BN_MONT_CTX_set")
        }

        deinit {
            BN_MONT_CTX_free(pointer)
        }
    }
}
