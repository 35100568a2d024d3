import PropertyBased
import SuretyCrypto
import Testing

@testable import SuretyCircuit

/// Drives a client circuit through three in-memory relay hops: no sockets, only the sans-I/O pieces.
final class ThreeHopFixture {
    let client: ClientCircuit
    let relays: [RelayHop]

    init(parameters: FlowControlParameters = .default) throws {
        client = ClientCircuit(parameters: parameters)
        var relays: [RelayHop] = []
        for index in 0..<3 {
            let keys = HopKeys(
                forwardKey: .random(count: 16), backwardKey: .random(count: 16), forwardDigestKey: .random(count: 32),
                backwardDigestKey: .random(count: 32))
            try client.addHop(keys: keys)
            let hop = try RelayHop(keys: keys, parameters: parameters)
            hop.hasNextHop = index < 2
            relays.append(hop)
        }
        self.relays = relays
    }

    /// Passes a forward payload through the relays until one delivers it; returns (hop index, disposition).
    func forward(_ payload: inout [UInt8], early: Bool = false) throws -> (Int, RelayHop.ForwardDisposition) {
        for (index, relay) in relays.enumerated() {
            let disposition = try payload.withUnsafeMutableBytes { try relay.forward($0, early: early) }
            if case .deliver = disposition { return (index, disposition) }
        }
        Issue.record("no relay delivered the cell")
        return (-1, .forward)
    }

    /// Adds backward layers from relay `origin - 1` down to the guard.
    func backward(_ payload: inout [UInt8], from origin: Int) throws {
        var index = origin - 1
        while index >= 0 {
            try payload.withUnsafeMutableBytes { try relays[index].backward($0) }
            index -= 1
        }
    }
}

@Suite struct OnionTests {
    @Test func forwardCellReachesTheAddressedHopOnly() throws {
        let net = try ThreeHopFixture()
        for target in 0..<3 {
            var writer = CollectingCellWriter()
            let body: [UInt8] = Array("hello hop \(target)".utf8)
            try body.withUnsafeBytes {
                try net.client.send(
                    command: RelayCommandNumber.drop, streamID: 0, data: $0, toHop: target, into: &writer)
            }
            var payload = writer.cells[0].payload
            let (hop, disposition) = try net.forward(&payload)
            #expect(hop == target)
            guard case .deliver(let command, let stream, let range) = disposition else { return }
            #expect(command == RelayCommandNumber.drop)
            #expect(stream == 0)
            #expect(Array(payload[range]) == body)
        }
    }

    @Test func backwardCellIsAttributedToItsHop() throws {
        let net = try ThreeHopFixture()
        for origin in 0..<3 {
            var writer = CollectingCellWriter()
            let body: [UInt8] = [1, 2, 3, UInt8(origin)]
            try body.withUnsafeBytes {
                try net.relays[origin].originate(
                    command: RelayCommandNumber.connected, streamID: 7, data: $0, into: &writer)
            }
            var payload = writer.cells[0].payload
            try net.backward(&payload, from: origin)
            let incoming = try payload.withUnsafeMutableBytes { try net.client.receive($0) }
            #expect(incoming.hop == origin)
            #expect(incoming.command == RelayCommandNumber.connected)
            #expect(incoming.streamID == 7)
            #expect(Array(payload[incoming.data]) == body)
        }
    }

    @Test func tamperedForwardCellIsRejectedAtTheLastHop() async throws {
        await propertyCheck(count: 100, input: Gen.int(in: 0...(RelayCellLayout.payloadLength * 8 - 1))) { bit in
            let net = try! ThreeHopFixture()
            var writer = CollectingCellWriter()
            try! [UInt8](repeating: 9, count: 100).withUnsafeBytes {
                try net.client.send(command: RelayCommandNumber.drop, streamID: 0, data: $0, into: &writer)
            }
            var payload = writer.cells[0].payload
            payload[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: CircuitError(.protocolViolation, "")) {
                _ = try net.forward(&payload)
            }
        }
    }

    @Test func tamperedBackwardCellIsRecognizedByNoHop() async throws {
        await propertyCheck(count: 100, input: Gen.int(in: 0...(RelayCellLayout.payloadLength * 8 - 1))) { bit in
            let net = try! ThreeHopFixture()
            var writer = CollectingCellWriter()
            try! [UInt8](repeating: 3, count: 50).withUnsafeBytes {
                try net.relays[2].originate(command: RelayCommandNumber.data, streamID: 1, data: $0, into: &writer)
            }
            var payload = writer.cells[0].payload
            try! net.backward(&payload, from: 2)
            payload[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: CircuitError(.protocolViolation, "")) {
                _ = try payload.withUnsafeMutableBytes { try net.client.receive($0) }
            }
        }
    }

    @Test func relayEarlyIsCappedAtEight() throws {
        let net = try ThreeHopFixture()
        for index in 0..<9 {
            var writer = CollectingCellWriter()
            try [UInt8]().withUnsafeBytes {
                try net.client.send(
                    command: RelayCommandNumber.drop, streamID: 0, data: $0, toHop: 0, early: true, into: &writer)
            }
            var payload = writer.cells[0].payload
            if index < 8 {
                _ = try payload.withUnsafeMutableBytes { try net.relays[0].forward($0, early: true) }
            } else {
                #expect(throws: CircuitError(.resourceLimit, "")) {
                    _ = try payload.withUnsafeMutableBytes { try net.relays[0].forward($0, early: true) }
                }
            }
        }
    }

    @Test func extendOutsideRelayEarlyIsAViolation() throws {
        let net = try ThreeHopFixture()
        var writer = CollectingCellWriter()
        try [UInt8](repeating: 0, count: 10).withUnsafeBytes {
            try net.client.send(command: RelayCommandNumber.extend, streamID: 0, data: $0, toHop: 0, into: &writer)
        }
        var payload = writer.cells[0].payload
        #expect(throws: CircuitError(.protocolViolation, "")) {
            _ = try payload.withUnsafeMutableBytes { try net.relays[0].forward($0, early: false) }
        }
    }
}

@Suite struct FlowControlTests {
    static let small = FlowControlParameters(
        circuitWindowStart: 20, circuitWindowIncrement: 5, streamWindowStart: 10, streamWindowIncrement: 5)

    @Test func clientStopsAtTheStreamWindowAndResumesOnSendme() throws {
        let net = try ThreeHopFixture(parameters: Self.small)
        let stream = try net.client.openStream()
        var writer = CollectingCellWriter()
        var sent = 0
        while net.client.canSendData(on: stream) {
            try [UInt8](repeating: 1, count: 10).withUnsafeBytes {
                try net.client.send(command: RelayCommandNumber.data, streamID: stream, data: $0, into: &writer)
            }
            sent += 1
        }
        // The stream window (10) is smaller than the circuit window (20) and bounds it.
        #expect(sent == Self.small.streamWindowStart)
        #expect(throws: CircuitError(.flowControl, "")) {
            try [UInt8](repeating: 1, count: 10).withUnsafeBytes {
                try net.client.send(command: RelayCommandNumber.data, streamID: stream, data: $0, into: &writer)
            }
        }
        try net.client.receivedSendme(on: stream, body: UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(net.client.canSendData(on: stream))
    }

    @Test func exitSendsAuthenticatedCircuitSendmeThatTheClientAccepts() throws {
        let params = Self.small
        let net = try ThreeHopFixture(parameters: params)
        // The client's own windows use defaults; the exit's deliver window uses `params`.
        let stream = try net.client.openStream()
        var sendmes: [[UInt8]] = []
        for _ in 0..<params.circuitWindowIncrement {
            var writer = CollectingCellWriter()
            try [UInt8](repeating: 2, count: 100).withUnsafeBytes {
                try net.client.send(command: RelayCommandNumber.data, streamID: stream, data: $0, into: &writer)
            }
            var payload = writer.cells[0].payload
            let (hop, _) = try net.forward(&payload)
            #expect(hop == 2)
            var back = CollectingCellWriter()
            try net.relays[2].deliveredData(into: &back)
            sendmes += back.cells.map(\.payload)
        }
        #expect(sendmes.count == 1)
        var sendme = sendmes[0]
        try net.backward(&sendme, from: 2)
        let incoming = try sendme.withUnsafeMutableBytes { try net.client.receive($0) }
        #expect(incoming.command == RelayCommandNumber.sendme)
        #expect(incoming.streamID == 0)
        // The SENDME carries the digest of the 5th DATA cell, which the client recorded: accepted,
        // and a replay of the same SENDME is rejected.
        try sendme.withUnsafeBytes {
            try net.client.receivedSendme(on: 0, body: UnsafeRawBufferPointer(rebasing: $0[incoming.data]))
        }
        #expect(throws: CircuitError(.flowControl, "")) {
            try sendme.withUnsafeBytes {
                try net.client.receivedSendme(on: 0, body: UnsafeRawBufferPointer(rebasing: $0[incoming.data]))
            }
        }
    }

    @Test func forgedSendmeTagIsRejected() throws {
        var window = PackageWindow(start: 10, increment: 5, trackTags: true)
        for tag in 1...5 { window.didSend(tag: UInt64(tag)) }
        #expect(!window.canSend == false)
        #expect(throws: CircuitError(.flowControl, "")) { try window.receivedSendme(tag: 4) }
        try window.receivedSendme(tag: 5)
        #expect(window.window == 10)
        #expect(throws: CircuitError(.flowControl, "")) { try window.receivedSendme(tag: 5) }
    }
}
