public import SuretyCrypto
public import SuretyWire

/// A member's admission: who (member id and Ed25519 member key), in which roles, for how long.
///
/// Implements Docs/SPEC-DOCUMENTS.md §D.4 (record `member-cert`). It is carried inside an `admit`
/// governance action (§D.5) and so is signed by k of the m genesis admins; the verified admit
/// action *is* the member's certificate. Device (link) keys are delegated by the member key with
/// a DeviceCertificate (SPEC §2.6), so they can rotate without the admins.
public struct MemberCertificate: Hashable, Sendable, CanonicalRecord {
    public struct Roles: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// May use the network (guards admit its device keys).
        public static let member = Roles(rawValue: 1 << 0)
        /// May operate relays (descriptors naming it as operator are Valid).
        public static let `operator` = Roles(rawValue: 1 << 1)
    }

    /// BLAKE2b-256 of the member key (SPEC §2.6).
    public var memberID: [UInt8]
    public var memberKey: Ed25519.PublicKey
    public var roles: Roles
    public var validFrom: UInt64
    public var validUntil: UInt64

    public init(memberKey: Ed25519.PublicKey, roles: Roles, validFrom: UInt64, validUntil: UInt64) throws {
        self.memberID = Self.memberID(of: memberKey)
        self.memberKey = memberKey
        self.roles = roles
        self.validFrom = validFrom
        self.validUntil = validUntil
        try validate()
    }

    /// The member id of a member key: unkeyed BLAKE2b-256 (SPEC §2.6).
    public static func memberID(of key: Ed25519.PublicKey) -> [UInt8] {
        // 32 is inside BLAKE2b's 16…64 output range, so this cannot throw.
        (try? BLAKE2b.hash(key.rawRepresentation, outputLength: 32)) ?? []
    }

    /// Whether the certificate is in force at `now`.
    public func isValid(at now: UInt64) -> Bool { validFrom <= now && now < validUntil }

    func validate() throws {
        guard memberID == Self.memberID(of: memberKey) else {
            throw DocumentError(.invalidField, "member id is not BLAKE2b-256 of the member key")
        }
        guard validFrom < validUntil else { throw DocumentError(.invalidField, "valid-from must precede valid-until") }
        guard !roles.isEmpty else { throw DocumentError(.invalidField, "a member certificate names at least one role") }
    }

    public func encode(canonical w: inout CanonicalEncoder) throws {
        try w.encode(memberID, tag: 2)
        try w.encode(memberKey.rawRepresentation, tag: 4)
        try w.encode(roles.rawValue, tag: 6)
        try w.encode(validFrom, tag: 8)
        try w.encode(validUntil, tag: 10)
    }

    public init(canonical r: inout CanonicalDecoder) throws {
        memberID = try r.bytes(2, count: 32)
        memberKey = try r.ed25519Key(4)
        roles = Roles(rawValue: try r.decode(UInt8.self, tag: 6))
        validFrom = try r.decode(UInt64.self, tag: 8)
        validUntil = try r.decode(UInt64.self, tag: 10)
        try validate()
    }
}
