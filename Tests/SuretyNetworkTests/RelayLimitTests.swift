import Foundation
import NIOCore
import NIOPosix
import SuretyCircuit
import SuretyClient
import SuretyCrypto
import SuretyNet
import SuretyRelay
import SuretyTestSupport
import Testing

/// Records the commands of cells a relay sends back.
final class RecordingDelegate: CellLinkDelegate {
    var commands: [UInt8] = []
    var done: EventLoopPromise<Void>?
    var expected = 0

    func linkEstablished(_ link: CellLink) {}
    func link(_ link: CellLink, received cell: UnsafeMutableRawBufferPointer) {
        commands.append(RawCell.command(UnsafeRawBufferPointer(cell)))
        if commands.count == expected { done?.succeed() }
    }
    func linkReadBurstFinished(_ link: CellLink) {}
    func linkClosed(_ link: CellLink, error: (any Error)?) { done?.succeed() }
    func linkWritabilityChanged(_ link: CellLink) {}
    func shouldRead(_ link: CellLink) -> Bool { true }
}

@Suite(.serialized) struct RelayLimitTests {
    /// CREATE cells beyond the per-source burst are answered with DESTROY(RESOURCELIMIT).
    @Test func createRateIsLimitedPerSource() async throws {
        var limits = RelayLimits()
        limits.createsPerSecond = 0.001
        limits.createBurst = 2
        // The in-process client shares our source address: keep it from building circuits.
        let network = try await TestNetwork.start(relayCount: 3, exitCount: 1, relayLimits: limits) { config in
            var config = config
            config.preemptiveCircuits = 0
            return config
        }
        let relay = network.relayInfos[0]
        let loop = network.group.next()
        let sent = 5
        let bound = try await loop.submit { NIOLoopBound(RecordingDelegate(), eventLoop: loop) }.get()
        let done = loop.makePromise(of: Void.self)
        try await loop.flatSubmit { () -> EventLoopFuture<Void> in
            bound.value.done = done
            bound.value.expected = sent
            return TestMemberLink.dial(relay, delegate: bound.value, eventLoop: loop).map { link in
                for index in 0..<sent {
                    let message =
                        (try? HopHandshake.Initiator(
                            relayIdentity: relay.identity.rawRepresentation, onionKey: relay.onionKey))?.message ?? []
                    link.appendCell(circuitID: 0x8000_0100 + UInt32(index), command: CellCommandNumber.create) { out in
                        CircuitMessages.encodeCreate(type: 1, handshake: message, into: out)
                    }
                }
            }
        }.get()
        try await done.futureResult.get()
        let commands = try await loop.submit { bound.value.commands }.get()
        #expect(commands.filter { $0 == CellCommandNumber.created }.count == 2)
        #expect(commands.filter { $0 == CellCommandNumber.destroy }.count == 3)
        await network.stop()
    }
}
