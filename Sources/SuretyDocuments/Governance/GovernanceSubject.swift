import SuretyCrypto
public import SuretyWire

/// What a governance action is about: a member, one member device key, a relay, or the network's
/// parameters (Docs/SPEC-GOVERNANCE.md §G.1). Sequence numbers count per subject, so the kind is
/// part of the key: a relay identity and a device key that happened to share bytes would still be
/// two subjects.
public struct GovernanceSubject: Hashable, Sendable, Comparable, CustomStringConvertible {
    public struct Kind: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A member id: BLAKE2b-256 of the member key (SPEC §2.6).
        public static let member = Kind(rawValue: 1)
        /// One device key of a member: the X25519 Noise static key it uses on guard links (SPEC §2.6).
        public static let device = Kind(rawValue: 2)
        /// A relay's Ed25519 identity key.
        public static let relay = Kind(rawValue: 3)
        /// The network's protocol parameters (parameter changes); the subject bytes are all zero.
        public static let network = Kind(rawValue: 4)

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .member: "member"
            case .device: "device"
            case .relay: "relay"
            case .network: "network"
            default: "subject-kind-\(rawValue)"
            }
        }

        /// Parses the names `description` prints.
        public init?(name: String) {
            switch name {
            case "member": self = .member
            case "device": self = .device
            case "relay": self = .relay
            case "network": self = .network
            default: return nil
            }
        }

        var isKnown: Bool { (1...4).contains(rawValue) }
    }

    public var kind: Kind
    public var key: Bytes32

    public init(kind: Kind, key: Bytes32) {
        self.kind = kind
        self.key = key
    }

    /// A member subject from a member id.
    public static func member(_ id: [UInt8]) throws -> GovernanceSubject {
        GovernanceSubject(kind: .member, key: try Bytes32(id))
    }

    /// A device-key subject from an X25519 public key.
    public static func device(_ key: [UInt8]) throws -> GovernanceSubject {
        GovernanceSubject(kind: .device, key: try Bytes32(key))
    }

    /// A relay subject from an Ed25519 identity key.
    public static func relay(_ identity: [UInt8]) throws -> GovernanceSubject {
        GovernanceSubject(kind: .relay, key: try Bytes32(identity))
    }

    /// The one network-parameters subject.
    public static let network = GovernanceSubject(kind: .network, key: Bytes32(repeating: 0))

    public static func < (lhs: GovernanceSubject, rhs: GovernanceSubject) -> Bool {
        (lhs.kind, lhs.key) < (rhs.kind, rhs.key)
    }

    public var description: String { "\(kind) \(HexString.encode(key.bytes))" }
}
