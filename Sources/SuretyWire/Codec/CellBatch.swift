public import NIOCore

/// The rule for the plaintext of one Noise transport message: 1–63 whole cells
/// (Docs/SPEC.md §2.9).
public enum CellBatch {
    /// Bytes of the largest plaintext: 63 cells.
    public static let maxPlaintextLength = WireLimits.maxCellsPerMessage * Cell.size

    /// Throws `invalidLength` (close the link) unless `length` is 1–63 whole cells.
    public static func validatePlaintextLength(_ length: Int) throws {
        guard length > 0, length % Cell.size == 0, length <= maxPlaintextLength else {
            throw WireError(.invalidLength, "transport plaintext of \(length) bytes is not 1-63 whole cells")
        }
    }

    /// Calls `body` for each cell of a decrypted transport message, in order, without
    /// allocating: each cell's payload is a slice of `plaintext`.
    public static func forEachCell(in plaintext: ByteBuffer, _ body: (Cell) throws -> Void) throws {
        try validatePlaintextLength(plaintext.readableBytes)
        var rest = plaintext
        while let cell = try Cell.read(from: &rest) {
            try body(cell)
        }
    }
}
