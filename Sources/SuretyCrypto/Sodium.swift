import CSodium

/// Ensures `sodium_init` ran exactly once before any libsodium call.
///
/// `sodium_init` is thread-safe and idempotent; a failure means the CSPRNG is unusable, the only
/// condition under which this module traps.
enum Sodium {
    static let initialized: Bool = {
        let rc = sodium_init()
        precondition(rc >= 0, "libsodium failed to initialise")
        return true
    }()

    @inline(__always)
    static func ensureInitialized() {
        _ = initialized
    }
}
