extension BlindRSA {
    /// EMSA-PSS encoding and verification (RFC 8017 §9.1) with SHA-384 as Hash and MGF1-SHA-384 as MGF.
    ///
    /// OpenSSL's PSS padding always draws its own salt; RFC 9474's test vectors fix the salt, and the blind protocol
    /// needs the encoding separately from the RSA operation anyway, so the encoding is written out here.
    enum EMSAPSS {
        /// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) of `message` into `ceil(emBits / 8)` bytes with the given salt.
        ///
        /// - Throws: `.invalidParameter` ("encoding error") if `emBits` is too small for the hash and salt.
        static func encode(message: [UInt8], emBits: Int, salt: [UInt8]) throws -> [UInt8] {
            let hashLength = SHA384.byteCount
            let emLength = (emBits + 7) / 8
            // Step 3: emLen < hLen + sLen + 2 is an encoding error.
            guard emBits > 0, emLength >= hashLength + salt.count + 2 else {
                throw CryptoError(.invalidParameter, "encoding error: modulus too small for SHA-384 and the salt")
            }
            // Steps 2, 5, 6: mHash = Hash(M); H = Hash(0x00 * 8 || mHash || salt).
            let messageHash = try SHA384.hash(message)
            let h = try SHA384.hash([UInt8](repeating: 0, count: 8), messageHash, salt)
            // Steps 7, 8: DB = PS || 0x01 || salt.
            var db = [UInt8](repeating: 0, count: emLength - salt.count - hashLength - 2)
            db.append(0x01)
            db.append(contentsOf: salt)
            // Steps 9-11: maskedDB = DB xor MGF(H, emLen - hLen - 1), leftmost 8emLen - emBits bits cleared.
            let mask = try mgf1(seed: h, length: db.count)
            for index in db.indices { db[index] ^= mask[index] }
            db[0] &= UInt8(0xff) >> (8 * emLength - emBits)
            // Step 12: EM = maskedDB || H || 0xbc.
            return db + h + [0xbc]
        }

        /// EMSA-PSS-VERIFY (RFC 8017 §9.1.2): whether `encoded` is a consistent encoding of `message` with a salt
        /// of exactly `saltLength` bytes.
        static func verify(message: [UInt8], encoded: [UInt8], emBits: Int, saltLength: Int) throws -> Bool {
            let hashLength = SHA384.byteCount
            let emLength = (emBits + 7) / 8
            // Step 3 and the length of EM itself.
            guard emBits > 0, encoded.count == emLength, emLength >= hashLength + saltLength + 2 else { return false }
            // Step 4: rightmost octet must be 0xbc.
            guard encoded[emLength - 1] == 0xbc else { return false }
            // Step 5: split EM into maskedDB and H.
            let dbLength = emLength - hashLength - 1
            var db = Array(encoded[0..<dbLength])
            let h = Array(encoded[dbLength..<(dbLength + hashLength)])
            // Step 6: the bits above emBits must be zero.
            let topMask = UInt8(0xff) >> (8 * emLength - emBits)
            guard db[0] & ~topMask == 0 else { return false }
            // Steps 7-9: unmask DB and clear the unused top bits.
            let mask = try mgf1(seed: h, length: dbLength)
            for index in db.indices { db[index] ^= mask[index] }
            db[0] &= topMask
            // Step 10: DB = PS (zeros) || 0x01 || salt.
            let separator = dbLength - saltLength - 1
            guard db[0..<separator].allSatisfy({ $0 == 0 }), db[separator] == 0x01 else { return false }
            // Steps 11-14: recompute H' over M' = 0x00 * 8 || mHash || salt and compare.
            let salt = Array(db[(separator + 1)...])
            let messageHash = try SHA384.hash(message)
            let expected = try SHA384.hash([UInt8](repeating: 0, count: 8), messageHash, salt)
            return ConstantTime.equal(h, expected)
        }

        /// MGF1 (RFC 8017 §B.2.1) with SHA-384: Hash(seed || C) for a 4-byte big-endian counter C, truncated.
        static func mgf1(seed: [UInt8], length: Int) throws -> [UInt8] {
            var output: [UInt8] = []
            output.reserveCapacity(length + SHA384.byteCount)
            var counter: UInt32 = 0
            while output.count < length {
                let counterBytes: [UInt8] = [
                    UInt8(truncatingIfNeeded: counter >> 24), UInt8(truncatingIfNeeded: counter >> 16),
                    UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter),
                ]
                output += try SHA384.hash(seed, counterBytes)
                counter += 1
            }
            return Array(output.prefix(length))
        }
    }
}
