import NIOCore

/// A list of protocol versions: 1–16 nonzero u16, strictly ascending (Docs/SPEC.md §2.4, §4.3).
public struct VersionList: Hashable, Sendable {
    public let versions: [UInt16]

    /// Version 1 only: what this implementation speaks.
    public static let v1 = VersionList(unchecked: [1])

    public init(_ versions: [UInt16]) throws {
        try Self.validate(versions, code: .invalidArgument)
        self.versions = versions
    }

    private init(unchecked versions: [UInt16]) { self.versions = versions }

    /// The highest version in both lists (Docs/SPEC.md §1.7), or `nil`.
    public func highestCommon(with other: VersionList) -> UInt16? {
        versions.last(where: other.versions.contains)
    }

    /// Reads the link-payload form: count u8, then count × u16.
    static func read(from buffer: inout ByteBuffer) throws -> VersionList {
        let count = Int(try buffer.readWireInteger(UInt8.self, "version count"))
        guard (1...WireLimits.maxVersions).contains(count) else {
            throw WireError(.invalidLength, "version count \(count) outside 1-16")
        }
        var versions: [UInt16] = []
        versions.reserveCapacity(count)
        for _ in 0..<count { versions.append(try buffer.readWireInteger(UInt16.self, "version")) }
        try validate(versions, code: .invalidField)
        return VersionList(unchecked: versions)
    }

    /// Decodes the extension-value form: the u16s alone, filling `value` (Docs/SPEC.md §4.3).
    init(extensionValue value: ByteBuffer) throws {
        var buffer = value
        let count = buffer.readableBytes / 2
        guard buffer.readableBytes % 2 == 0, (1...WireLimits.maxVersions).contains(count) else {
            throw WireError(.invalidLength, "versions extension of \(buffer.readableBytes) bytes")
        }
        var versions: [UInt16] = []
        versions.reserveCapacity(count)
        for _ in 0..<count { versions.append(try buffer.readWireInteger(UInt16.self, "version")) }
        try Self.validate(versions, code: .invalidField)
        self.versions = versions
    }

    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(versions.count))
        writeExtensionValue(to: &buffer)
    }

    func writeExtensionValue(to buffer: inout ByteBuffer) {
        for version in versions { buffer.writeInteger(version) }
    }

    private static func validate(_ versions: [UInt16], code: WireError.Code) throws {
        guard (1...WireLimits.maxVersions).contains(versions.count) else {
            throw WireError(code == .invalidField ? .invalidLength : code, "1-16 versions needed")
        }
        guard versions.first != 0 else { throw WireError(code, "0 is not a version") }
        guard zip(versions, versions.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw WireError(code == .invalidField ? .unorderedFields : code, "versions must be strictly ascending")
        }
    }
}
