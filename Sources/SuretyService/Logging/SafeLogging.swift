import NIOConcurrencyHelpers

/// The switch behind `Redacted`: while enabled (the default), sensitive values print "[scrubbed]".
///
/// Issue 7 §4: logs never show client addresses, destinations or member ids unless the operator
/// sets `safe_logging = false` (arti's and Tor's SafeLogging). Executables set `SafeLogging.shared`
/// from configuration; tests and embedders can inject their own instance into `Redacted`.
public final class SafeLogging: Sendable {
    /// The process-wide switch used by `Redacted` unless another one is injected.
    public static let shared = SafeLogging()

    private let enabled: NIOLockedValueBox<Bool>

    public init(enabled: Bool = true) {
        self.enabled = NIOLockedValueBox(enabled)
    }

    /// True (the default) when sensitive values must be scrubbed. May change at runtime (SIGHUP).
    public var isEnabled: Bool {
        get { enabled.withLockedValue { $0 } }
        set { enabled.withLockedValue { $0 = newValue } }
    }
}
