public import NIOCore

/// Exactly 64 bytes (an Ed25519 signature), held inline without a heap allocation.
public struct Bytes64: Hashable, Sendable, CustomStringConvertible {
    public static let count = 64

    var low: Bytes32
    var high: Bytes32

    /// Copies exactly 64 bytes; throws `invalidArgument` for any other length.
    public init(_ bytes: some Collection<UInt8>) throws {
        guard bytes.count == Self.count else {
            throw WireError(.invalidArgument, "Bytes64 needs 64 bytes, got \(bytes.count)")
        }
        let array = Array(bytes)
        low = try Bytes32(array[0..<32])
        high = try Bytes32(array[32..<64])
    }

    /// 64 copies of `byte`.
    public init(repeating byte: UInt8) {
        low = Bytes32(repeating: byte)
        high = Bytes32(repeating: byte)
    }

    init?(reading buffer: inout ByteBuffer) {
        guard buffer.readableBytes >= Self.count, let a = Bytes32(reading: &buffer),
            let b = Bytes32(reading: &buffer)
        else { return nil }
        low = a
        high = b
    }

    /// Appends the 64 bytes to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        low.write(to: &buffer)
        high.write(to: &buffer)
    }

    /// The bytes as an array.
    public var bytes: [UInt8] { low.bytes + high.bytes }

    public var description: String { hexString(bytes) }
}
