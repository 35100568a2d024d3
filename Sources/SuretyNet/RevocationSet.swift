import NIOConcurrencyHelpers

/// Identities this node must not serve: revoked members, member device keys and relays.
///
/// Filled by the governance layer as soon as a k-of-m action verifies (DESIGN.md "Revocation
/// enforcement": no waiting for the next consensus) and read on the link handshake path, so it is
/// a small locked set shared across event loops. Lookups are O(1).
public final class RevocationSet: Sendable {
    public enum Subject: Hashable, Sendable {
        /// A member id (BLAKE2b-256 of the member key).
        case member([UInt8])
        /// One device key of a member (X25519 public key).
        case device([UInt8])
        /// A relay's Ed25519 identity key.
        case relay([UInt8])
    }

    private let subjects = NIOLockedValueBox(Set<Subject>())

    public init() {}

    /// Adds a revocation; returns false if it was already present (applying is idempotent).
    @discardableResult
    public func revoke(_ subject: Subject) -> Bool {
        subjects.withLockedValue { $0.insert(subject).inserted }
    }

    /// Removes a revocation (appeal); returns false if it was not present.
    @discardableResult
    public func reinstate(_ subject: Subject) -> Bool {
        subjects.withLockedValue { $0.remove(subject) != nil }
    }

    public func contains(_ subject: Subject) -> Bool {
        subjects.withLockedValue { $0.contains(subject) }
    }

    public var count: Int { subjects.withLockedValue { $0.count } }
}
