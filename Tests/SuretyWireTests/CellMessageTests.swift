import NIOCore
import SuretyWire
import Testing

@Suite("Cell messages (SPEC §3.4–§3.10)")
struct CellMessageTests {
    private func roundTrip(_ message: CellMessage, circuit: CircuitID) throws -> Cell {
        let cell = try message.cell(circuitID: circuit)
        #expect(cell.command == message.command)
        #expect(try CellMessage(decoding: cell) == message)
        return cell
    }

    @Test func createLayout() throws {
        let create = try CellMessage.Create(handshakeType: .noiseNK, handshake: ByteBuffer(bytes: [0xAA, 0xBB, 0xCC]))
        let cell = try roundTrip(.create(create), circuit: CircuitID(0x8000_0001))
        #expect(cell.payload.array == [0x00, 0x01, 0x00, 0x03, 0xAA, 0xBB, 0xCC] + zeros(Cell.payloadSize - 7))
    }

    @Test func createdLayout() throws {
        let cell = try roundTrip(.created(try .init(handshake: ByteBuffer(bytes: [1, 2]))), circuit: CircuitID(3))
        #expect(cell.payload.array == [0x00, 0x02, 1, 2] + zeros(Cell.payloadSize - 4))
    }

    @Test func destroyLayoutAndUnknownReason() throws {
        let cell = try roundTrip(.destroy(.init(reason: .channelClosed)), circuit: CircuitID(3))
        #expect(cell.payload.array == [8] + zeros(Cell.payloadSize - 1))
        let unknown = try roundTrip(.destroy(.init(reason: DestroyReason(rawValue: 200))), circuit: CircuitID(3))
        #expect(unknown.payload.array.first == 200)
        #expect(!DestroyReason(rawValue: 200).isKnown)
    }

    @Test func netInfoLayout() throws {
        let info = try CellMessage.NetInfo(
            timestamp: 0x0102_0304_0506_0708,
            otherAddress: .ipv4(IPv4Address(192, 0, 2, 1)),
            myAddresses: [.ipv6(IPv6Address(high: 0x2001_0db8_0000_0000, low: 1))]
        )
        let cell = try roundTrip(.netInfo(info), circuit: .link)
        let expected = hexBuffer(
            "0102030405060708 04 04 c0000201 01 06 10 20010db8000000000000000000000001"
        ).array
        #expect(cell.payload.array == expected + zeros(Cell.payloadSize - expected.count))
    }

    @Test func netInfoRejectsHostnamesAndTooManyAddresses() throws {
        var payload = ByteBuffer(bytes: zeros(8) + [0x00, 0x01, UInt8(ascii: "a")])
        payload.writeBytes(zeros(Cell.payloadSize - payload.readableBytes))
        #expect(throws: WireError.self) { try CellMessage.NetInfo(decoding: payload) }
        var many = ByteBuffer(bytes: zeros(8) + [0x04, 0x04, 1, 2, 3, 4, 9])
        many.writeBytes(zeros(Cell.payloadSize - many.readableBytes))
        #expect {
            try CellMessage.NetInfo(decoding: many)
        } throws: { ($0 as? WireError)?.code == .tooLong }
        #expect(throws: WireError.self) {
            try CellMessage.NetInfo(timestamp: 0, otherAddress: .transientError, myAddresses: [])
        }
    }

    @Test func governanceFragmentsCoverTheEntry() throws {
        let entry = ByteBuffer(bytes: (0..<2500).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let fragments = try CellMessage.GovernanceFragment.fragments(entryKind: 1, entry: entry)
        #expect(fragments.map(\.offset) == [0, 1008, 2016])
        #expect(fragments.map(\.fragment.readableBytes) == [1008, 1008, 484])
        var joined = ByteBuffer()
        for fragment in fragments {
            #expect(fragment.totalLength == 2500)
            let cell = try roundTrip(.governance(fragment), circuit: .link)
            #expect(
                Array(cell.payload.array.prefix(11)) == [1, 0, 0, 0x09, 0xC4] + fragment.offsetBytes
                    + fragment.lengthBytes)
            joined.writeImmutableBuffer(fragment.fragment)
        }
        #expect(joined == entry)
    }

    @Test func governanceRejectsInconsistentLengths() {
        func payload(_ header: [UInt8], fragment: Int) -> ByteBuffer {
            var buffer = ByteBuffer(bytes: header + [UInt8](repeating: 9, count: fragment))
            buffer.writeBytes(zeros(Cell.payloadSize - buffer.readableBytes))
            return buffer
        }
        // kind 0
        #expect(throws: WireError.self) {
            try CellMessage.GovernanceFragment(decoding: payload([0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 4], fragment: 4))
        }
        // offset + length > total
        #expect(throws: WireError.self) {
            try CellMessage.GovernanceFragment(decoding: payload([1, 0, 0, 0, 4, 0, 0, 0, 1, 0, 4], fragment: 4))
        }
        // total above 65536
        #expect(throws: WireError.self) {
            try CellMessage.GovernanceFragment(decoding: payload([1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4], fragment: 4))
        }
        // fragment length above 1008
        #expect(throws: WireError.self) {
            try CellMessage.GovernanceFragment(decoding: payload([1, 0, 0, 8, 0, 0, 0, 0, 0, 3, 0xF1], fragment: 1008))
        }
        #expect(throws: Never.self) {
            try CellMessage.GovernanceFragment(decoding: payload([1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 4], fragment: 4))
        }
    }

    @Test func nonZeroPaddingIsRejectedEverywhere() throws {
        let messages: [(CellMessage, CircuitID)] = [
            (.create(try .init(handshakeType: .noiseNK, handshake: ByteBuffer(bytes: [1]))), CircuitID(1)),
            (.created(try .init(handshake: ByteBuffer(bytes: [1]))), CircuitID(1)),
            (.destroy(.init(reason: .protocol)), CircuitID(1)),
            (.netInfo(try .init(timestamp: 1, otherAddress: .ipv4(IPv4Address(1)), myAddresses: [])), .link),
            (.governance(try .init(entryKind: 1, totalLength: 1, offset: 0, fragment: ByteBuffer(bytes: [5]))), .link),
        ]
        for (message, circuit) in messages {
            var payload = try message.cell(circuitID: circuit).payload
            payload.setInteger(UInt8(1), at: payload.writerIndex - 1)
            let cell = try Cell(circuitID: circuit, command: message.command, payload: payload)
            #expect {
                _ = try CellMessage(decoding: cell)
            } throws: { ($0 as? WireError)?.code == .nonZeroPadding }
        }
    }

    @Test func handshakeLengthLimits() throws {
        #expect(throws: WireError.self) { try CellMessage.Created(handshake: ByteBuffer()) }
        #expect(throws: WireError.self) { try CellMessage.Created(handshake: ByteBuffer(bytes: zeros(769))) }
        _ = try CellMessage.Created(handshake: ByteBuffer(bytes: zeros(768)))
        var payload = ByteBuffer(bytes: [0x03, 0x01] + zeros(Cell.payloadSize - 2))  // length 769
        #expect {
            try CellMessage.Created(decoding: payload)
        } throws: { ($0 as? WireError)?.code == .tooLong }
        payload = ByteBuffer(bytes: zeros(Cell.payloadSize))  // length 0
        #expect(throws: WireError.self) { try CellMessage.Created(decoding: payload) }
    }

    @Test func paddingAndRelayPayloadsStayOpaque() throws {
        let random = ByteBuffer(bytes: (0..<Cell.payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let padding = try Cell(circuitID: .link, command: .padding, payload: random)
        #expect(try CellMessage(decoding: padding) == .padding)
        let relay = try Cell(circuitID: CircuitID(4), command: .relayEarly, payload: random)
        #expect(try CellMessage(decoding: relay) == .relayEarly(random))
        #expect(try CellMessage.relayEarly(random).cell(circuitID: CircuitID(4)) == relay)
        #expect(throws: WireError.self) { try CellMessage.relay(ByteBuffer(bytes: [1])).cell(circuitID: CircuitID(4)) }
    }
}

extension CellMessage.GovernanceFragment {
    fileprivate var offsetBytes: [UInt8] { withUnsafeBytes(of: offset.bigEndian) { Array($0) } }
    fileprivate var lengthBytes: [UInt8] { withUnsafeBytes(of: UInt16(fragment.readableBytes).bigEndian) { Array($0) } }
}
