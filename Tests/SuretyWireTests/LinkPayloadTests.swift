import NIOCore
import SuretyWire
import Testing

@Suite("Link handshake payloads (SPEC §2.3–§2.8)")
struct LinkPayloadTests {
    private let linkCertificate = RelayLinkCertificate(
        identityKey: Bytes32(repeating: 0xA1),
        linkKey: Bytes32(repeating: 0xB2),
        validUntil: 0x0000_0000_6553_F100,
        signature: Bytes64(repeating: 0xC3)
    )

    private let deviceCertificate = DeviceCertificate(
        memberID: Bytes32(repeating: 1),
        memberKey: Bytes32(repeating: 2),
        deviceKey: Bytes32(repeating: 3),
        validFrom: 10,
        validUntil: 20,
        signature: Bytes64(repeating: 4)
    )

    @Test func responderPayloadLayout() throws {
        let extensions = try ExtensionList([try .init(type: .stakeProof, value: ByteBuffer(bytes: [9, 9]))])
        let payload = try LinkResponderPayload(
            versions: try VersionList([1, 2]), certificate: linkCertificate, extensions: extensions)
        var out = ByteBuffer()
        payload.encode(into: &out)
        var expected: [UInt8] = [2, 0, 1, 0, 2]
        expected += [UInt8](repeating: 0xA1, count: 32) + [UInt8](repeating: 0xB2, count: 32)
        expected += [0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00] + [UInt8](repeating: 0xC3, count: 64)
        expected += [32, 2, 9, 9]
        #expect(out.array == expected)
        #expect(payload.encodedLength == expected.count)
        #expect(try LinkResponderPayload(decoding: out) == payload)
    }

    @Test(arguments: [0, 1, 2])
    func initiatorPayloadRoundTrips(kind: Int) throws {
        let credential: InitiatorCredential = [.relay(linkCertificate), .memberDevice(deviceCertificate), .anonymous][
            kind]
        let payload = try LinkInitiatorPayload(credential: credential)
        var out = ByteBuffer()
        payload.encode(into: &out)
        #expect(out.readableBytes == payload.encodedLength)
        #expect(out.array.prefix(4) == [1, 0, 1, credential.kind])
        #expect(try LinkInitiatorPayload(decoding: out) == payload)
    }

    @Test func initiatorRejectsUnknownKindAndShortCertificates() {
        #expect(throws: WireError.self) { try LinkInitiatorPayload(decoding: ByteBuffer(bytes: [1, 0, 1, 4])) }
        #expect(throws: WireError.self) {
            try LinkInitiatorPayload(decoding: ByteBuffer(bytes: [1, 0, 1, 2] + zeros(175)))
        }
        #expect(throws: WireError.self) {
            try LinkInitiatorPayload(decoding: ByteBuffer(bytes: [1, 0, 1, 1] + zeros(135)))
        }
        #expect(throws: WireError.self) { try LinkInitiatorPayload(decoding: ByteBuffer(bytes: zeros(4097))) }
    }

    @Test func versionListsAreStrict() throws {
        #expect(try VersionList([1, 3, 7]).highestCommon(with: try VersionList([2, 3, 4])) == 3)
        #expect(try VersionList([1]).highestCommon(with: try VersionList([2])) == nil)
        for bad in [[], [0], [2, 1], [1, 1], Array(1...17)] as [[UInt16]] {
            #expect(throws: WireError.self) { try VersionList(bad) }
        }
        let encodings: [[UInt8]] = [[0], [17] + zeros(34), [2, 0, 2, 0, 1], [2, 0, 1, 0, 1], [1, 0, 0], [2, 0, 1]]
        for bytes in encodings {
            #expect(throws: WireError.self) {
                try LinkResponderPayload(decoding: ByteBuffer(bytes: bytes + zeros(136)))
            }
        }
    }

    @Test func extensionListsAreStrictAndKeepUnknownTypes() throws {
        let list = try ExtensionList(decoding: ByteBuffer(bytes: [1, 4, 0, 1, 0, 2, 2, 4, 0, 0, 0, 5, 200, 1, 7]))
        #expect(try list.relayProtocolVersions() == VersionList([1, 2]))
        #expect(try list.flags() == 5)
        #expect(list[ExtensionType(rawValue: 200)] == ByteBuffer(bytes: [7]))
        var out = ByteBuffer()
        list.encode(into: &out)
        #expect(out.array == [1, 4, 0, 1, 0, 2, 2, 4, 0, 0, 0, 5, 200, 1, 7])
        #expect(throws: WireError.self) { try ExtensionList(decoding: ByteBuffer(bytes: [2, 0, 1, 0])) }
        #expect(throws: WireError.self) { try ExtensionList(decoding: ByteBuffer(bytes: [1, 0, 1, 0])) }
        #expect(throws: WireError.self) { try ExtensionList(decoding: ByteBuffer(bytes: [1, 3, 0])) }
        #expect(throws: WireError.self) { try ExtensionList(decoding: ByteBuffer(bytes: [1])) }
        #expect(throws: WireError.self) { try ExtensionList(decoding: ByteBuffer(bytes: [2, 3, 0, 0, 1])).flags() }
        #expect(throws: WireError.self) {
            try ExtensionList(decoding: ByteBuffer(bytes: [1, 3, 0, 1, 0])).relayProtocolVersions()
        }
    }

    @Test func hopHandshakeExtensions() throws {
        let list = ExtensionList.hopHandshake(flags: 0)
        var out = ByteBuffer()
        list.encode(into: &out)
        #expect(out.array == [1, 2, 0, 1, 2, 4, 0, 0, 0, 0])
        #expect(try ExtensionList(decoding: out).relayProtocolVersions() == .v1)
    }

    @Test func certificateSigningInputs() throws {
        var expected: [UInt8] = [23] + Array("surety/link-key-cert/v1".utf8)
        expected += [UInt8](repeating: 0xB2, count: 32) + [0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00]
        #expect(linkCertificate.signingInput == expected)

        var device: [UInt8] = [21] + Array("surety/device-cert/v1".utf8)
        device += [UInt8](repeating: 1, count: 32) + [UInt8](repeating: 2, count: 32) + [UInt8](repeating: 3, count: 32)
        device += [0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 20]
        #expect(deviceCertificate.signingInput == device)

        var out = ByteBuffer()
        deviceCertificate.encode(into: &out)
        #expect(out.readableBytes == DeviceCertificate.encodedLength)
        #expect(try DeviceCertificate(decoding: out) == deviceCertificate)
        out.writeInteger(UInt8(0))
        #expect(throws: WireError.self) { try DeviceCertificate(decoding: out) }
    }
}
