public import SuretyCrypto

/// The onion-layer state one circuit endpoint keeps for one hop: AES-128-CTR keystreams and running
/// digests for both directions (Docs/SPEC.md §5).
///
/// The client keeps one per hop; a relay keeps one per circuit. Not `Sendable`: a circuit and its
/// crypto belong to one event loop.
public final class HopCrypto {
    let forwardCipher: AESCTR
    let backwardCipher: AESCTR
    let forwardDigest: RunningDigest
    let backwardDigest: RunningDigest
    /// Cells that consumed keystream in each direction; circuits are torn down at `cellBudget`.
    private(set) var forwardCells: UInt64 = 0
    private(set) var backwardCells: UInt64 = 0

    /// Keystream budget per direction (Docs/SPEC.md §5): far below AES-CTR's counter space.
    public static let cellBudget: UInt64 = 1 << 32

    public init(keys: HopKeys) throws(CryptoError) {
        forwardCipher = try AESCTR(key: keys.forwardKey)
        backwardCipher = try AESCTR(key: keys.backwardKey)
        forwardDigest = try RunningDigest(key: keys.forwardDigestKey)
        backwardDigest = try RunningDigest(key: keys.backwardDigestKey)
    }

    // MARK: Keystream

    /// Applies (adds or removes — XOR is its own inverse) this hop's forward layer.
    func applyForward(_ payload: UnsafeMutableRawBufferPointer) throws(CircuitError) {
        guard forwardCells < Self.cellBudget else {
            throw CircuitError(.keystreamExhausted, "forward keystream budget used up")
        }
        forwardCells += 1
        do { try forwardCipher.applyContinuing(to: payload) } catch {
            throw CircuitError(.internalError, "AES-CTR failed: \(error)")
        }
    }

    /// Applies this hop's backward layer.
    func applyBackward(_ payload: UnsafeMutableRawBufferPointer) throws(CircuitError) {
        guard backwardCells < Self.cellBudget else {
            throw CircuitError(.keystreamExhausted, "backward keystream budget used up")
        }
        backwardCells += 1
        do { try backwardCipher.applyContinuing(to: payload) } catch {
            throw CircuitError(.internalError, "AES-CTR failed: \(error)")
        }
    }

    // MARK: Digest ("recognized")

    /// Seals a plaintext relay payload this endpoint originates: absorbs it with a zero digest field into
    /// `digest` and writes the tag. Returns the tag (SENDME authentication remembers it).
    static func seal(_ payload: UnsafeMutableRawBufferPointer, with digest: RunningDigest) -> UInt64 {
        RelayCellLayout.clearDigest(payload)
        digest.absorb(UnsafeRawBufferPointer(payload))
        let tag = digest.currentTag()
        RelayCellLayout.writeDigest(tag, into: payload)
        return tag
    }

    /// Whether a decrypted payload is addressed to this endpoint: recognized == 0 and the digest tag
    /// matches the running digest. On a match the digest is committed and the tag returned. The
    /// payload is restored unchanged either way.
    static func recognize(_ payload: UnsafeMutableRawBufferPointer, with digest: RunningDigest) -> UInt64? {
        guard RelayCellLayout.recognizedIsZero(payload) else { return nil }
        let claimed = RelayCellLayout.readDigest(payload)
        RelayCellLayout.clearDigest(payload)
        let expected = digest.tag(afterAbsorbing: UnsafeRawBufferPointer(payload))
        RelayCellLayout.writeDigest(claimed, into: payload)
        // Constant-time comparison of the two tags.
        guard (claimed ^ expected) == 0 else { return nil }
        digest.commitLastTag()
        return claimed
    }
}
