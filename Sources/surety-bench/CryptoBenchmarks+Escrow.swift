import SuretyCrypto

extension CryptoBenchmarks {
    /// Escrow on ristretto255 (2-of-3 dealing, 64-byte record), against one variable-base scalar
    /// multiplication. Encryption costs one fixed-base and one variable-base multiplication; a
    /// decryption share two of each (D_i, the DLEQ commitments, Y_i); verifying it one fixed-base
    /// and three variable-base; combining two shares two more plus the AEAD open.
    static func escrow(seconds: Double) throws {
        Bench.header("Escrow: hashed ElGamal + DLEQ decryption shares on ristretto255 (2-of-3)")
        let point = try Ristretto255.Point(generatorMultiple: .random())
        let scalar = Ristretto255.Scalar.random()
        let scalarMultiplication = try Bench.rate(
            "ristretto255 scalar mult (reference)", unit: "ops", unitsPerCall: 1, seconds: seconds
        ) {
            _ = try point.multiplied(by: scalar)
        }
        let dealing = try Shamir.deal(threshold: 2, shareCount: 3)
        let groupKey = dealing.groupKey
        let record = [UInt8](repeating: 0x42, count: 64)
        let associatedData = Array("surety-bench escrow".utf8)
        let encrypt = try Bench.rate(
            "hashed-ElGamal encrypt (64 B record)", unit: "ops", unitsPerCall: 1, seconds: seconds
        ) {
            _ = try EscrowCiphertext.encrypt(record, to: groupKey.publicKey, associatedData: associatedData)
        }
        let ciphertext = try EscrowCiphertext.encrypt(record, to: groupKey.publicKey, associatedData: associatedData)
        let firstAdmin = dealing.shares[0]
        let secondAdmin = dealing.shares[2]
        let share = try firstAdmin.decryptionShare(for: ciphertext)
        let otherShare = try secondAdmin.decryptionShare(for: ciphertext)
        let createShare = try Bench.rate(
            "decryption share + DLEQ proof", unit: "ops", unitsPerCall: 1, seconds: seconds
        ) {
            _ = try firstAdmin.decryptionShare(for: ciphertext)
        }
        let verifyShare = try Bench.rate("DLEQ share verify", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            _ = try share.verify(groupKey: groupKey, ciphertext: ciphertext)
        }
        let verified = [
            try share.verify(groupKey: groupKey, ciphertext: ciphertext),
            try otherShare.verify(groupKey: groupKey, ciphertext: ciphertext),
        ]
        let combine = try Bench.rate("combine 2 shares + decrypt", unit: "ops", unitsPerCall: 1, seconds: seconds) {
            let sharedPoint = try DecryptionShare.combine(shares: verified, threshold: 2)
            _ = try ciphertext.decrypt(sharedPoint: sharedPoint, associatedData: associatedData)
        }
        let encryptAndVerify = try Bench.rate(
            "encrypt + verify one share", unit: "ops", unitsPerCall: 1, seconds: seconds
        ) {
            _ = try EscrowCiphertext.encrypt(record, to: groupKey.publicKey, associatedData: associatedData)
            _ = try share.verify(groupKey: groupKey, ciphertext: ciphertext)
        }
        Bench.report(scalarMultiplication, against: scalarMultiplication)
        Bench.report(encrypt, against: scalarMultiplication)
        Bench.report(createShare, against: scalarMultiplication)
        Bench.report(verifyShare, against: scalarMultiplication)
        Bench.report(combine, against: scalarMultiplication)
        Bench.report(encryptAndVerify, against: scalarMultiplication)
    }
}
