public import NIOCore

/// A decoded relay cell plaintext: header plus message (Docs/SPEC.md §5.2, §6).
///
/// Decoding checks everything a recognizing hop must check before acting on a cell:
/// recognized = 0, length ≤ 1004, zero padding, a known command, a well-formed body and the
/// stream-id class. Any failure destroys the circuit with the error's `destroyReason`.
public struct RelayCell: Hashable, Sendable {
    /// `RELAY_HEADER_SIZE`.
    public static let headerSize = RelayCellHeader.size
    /// `MAX_RELAY_DATA`: 1019 − 15.
    public static let maxDataLength = Cell.payloadSize - RelayCellHeader.size

    public let streamID: StreamID
    public let message: RelayMessage
    /// The digest field (Docs/SPEC.md §5.4). Encoders write it as given; the onion layer sets
    /// the real value afterwards with `RelayCellHeader.setDigest`.
    public let digest: UInt64

    public var command: RelayCommand { message.command }

    /// Throws `invalidStreamID` if the message may not use `streamID` (Docs/SPEC.md §6.1, §6.7).
    public init(streamID: StreamID, message: RelayMessage, digest: UInt64 = 0) throws {
        try message.validate(streamID: streamID)
        self.streamID = streamID
        self.message = message
        self.digest = digest
    }

    /// Decodes a complete 1019-byte plaintext relay payload.
    public init(decodingPlaintext payload: ByteBuffer) throws {
        guard payload.readableBytes == Cell.payloadSize else {
            throw WireError(.invalidLength, "relay payload must be \(Cell.payloadSize) bytes")
        }
        guard let header = RelayCellHeader.read(from: payload, at: payload.readerIndex) else {
            throw WireError(.truncated, "relay header")
        }
        guard header.recognized == 0 else {
            throw WireError(.invalidField, "recognized field is not zero")
        }
        let length = Int(header.length)
        guard length <= Self.maxDataLength else {
            throw WireError(.invalidLength, "relay data length \(length) exceeds \(Self.maxDataLength)")
        }
        let command = try RelayCommand(wireValue: header.rawCommand)
        try command.validate(streamID: header.streamID)
        var rest = payload
        rest.moveReaderIndex(forwardBy: Self.headerSize)
        let body = try rest.readWireSlice(length: length, "relay data")
        try rest.readZeroPadding("relay cell")
        let message = try RelayMessage.decode(command: command, body: body)
        try message.validate(streamID: header.streamID)
        self.streamID = header.streamID
        self.message = message
        self.digest = header.digest
    }

    /// Writes the complete 1019-byte plaintext: header (recognized 0, `digest`), body, zero
    /// padding. Allocates nothing when `buffer` has capacity.
    public func encode(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        var header = RelayCellHeader(digest: digest, streamID: streamID, rawCommand: command.rawValue, length: 0)
        header.write(to: &buffer)
        let bodyStart = buffer.writerIndex
        message.encode(into: &buffer)
        header.length = UInt16(buffer.writerIndex - bodyStart)
        buffer.setInteger(header.length, at: start + RelayCellHeader.lengthOffset)
        buffer.writeRepeatingByte(0, count: Cell.payloadSize - (buffer.writerIndex - start))
    }

    /// Writes a complete DATA plaintext (1019 bytes, digest 0) carrying the next up to 1004
    /// bytes of `source`, which it consumes; returns how many it took. The stream-to-cells hot
    /// path: no intermediate values, no allocation when `buffer` has capacity.
    public static func writeData(
        streamID: StreamID,
        from source: inout ByteBuffer,
        into buffer: inout ByteBuffer
    ) throws -> Int {
        guard !streamID.isCircuitLevel else { throw WireError(.invalidArgument, "DATA needs a nonzero stream id") }
        let count = min(source.readableBytes, maxDataLength)
        guard count > 0, let chunk = source.readSlice(length: count) else {
            throw WireError(.invalidArgument, "DATA needs at least one byte")
        }
        RelayCellHeader(streamID: streamID, rawCommand: RelayCommand.data.rawValue, length: UInt16(count))
            .write(to: &buffer)
        buffer.writeImmutableBuffer(chunk)
        buffer.writeRepeatingByte(0, count: maxDataLength - count)
        return count
    }
}
