public import Logging
public import NIOCore

/// A sensitive value (client address, destination, member id) that prints "[scrubbed]" in logs
/// unless safe logging is turned off.
///
/// The decision is taken when the text is produced, not when the wrapper is made, so a value
/// stored in log metadata follows the switch at the moment the line is written. `dump`, `Mirror`
/// and `debugDescription` are scrubbed too.
public struct Redacted<Value: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// What a scrubbed value prints as.
    public static var placeholder: String { "[scrubbed]" }

    /// The wrapped value, for code that needs it (never interpolate it into a log message).
    public let value: Value
    private let policy: SafeLogging

    public init(_ value: Value, policy: SafeLogging = .shared) {
        self.value = value
        self.policy = policy
    }

    public var description: String {
        policy.isEnabled ? Self.placeholder : String(describing: value)
    }

    public var debugDescription: String {
        policy.isEnabled ? Self.placeholder : String(reflecting: value)
    }

    public var customMirror: Mirror {
        Mirror(self, children: [], displayStyle: .struct)
    }
}

extension Redacted: Equatable where Value: Equatable {
    /// Compares the wrapped values (the policy is not part of the value).
    public static func == (lhs: Redacted, rhs: Redacted) -> Bool { lhs.value == rhs.value }
}

extension Redacted: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// Values that are sensitive when logged get `.redacted`.
public protocol Redactable: Sendable {}

extension Redactable {
    /// This value wrapped so that logs print "[scrubbed]" while safe logging is on.
    public var redacted: Redacted<Self> { Redacted(self) }
}

extension String: Redactable {}
extension Substring: Redactable {}
extension SocketAddress: Redactable {}

extension Logger.MetadataValue {
    /// A metadata value that is scrubbed while safe logging is on: `["client": .redacted(address)]`.
    public static func redacted(
        _ value: some CustomStringConvertible & Sendable,
        policy: SafeLogging = .shared
    ) -> Logger.MetadataValue {
        .stringConvertible(Redacted(value, policy: policy))
    }
}
