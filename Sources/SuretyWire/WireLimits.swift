/// Protocol maxima and timers of Docs/SPEC.md §8, in one place so every check cites the same
/// number.
public enum WireLimits {
    /// Bytes in one Noise message, handshake or transport (Docs/SPEC.md §2.2).
    public static let maxNoiseMessage = 65535
    /// Bytes of the Noise ChaChaPoly authentication tag.
    public static let noiseTagSize = 16
    /// Cells in one Noise transport message (Docs/SPEC.md §2.9): 63 × 1024 + 16 ≤ 65535.
    public static let maxCellsPerMessage = 63
    /// Bytes of a link handshake payload (Docs/SPEC.md §2.3).
    public static let maxLinkPayload = 4096
    /// Entries in a version list (Docs/SPEC.md §2.4).
    public static let maxVersions = 16
    /// Bytes of a hop handshake message (Docs/SPEC.md §4.2).
    public static let maxHopHandshake = 768
    /// Circuits on one link (Docs/SPEC.md §8); nodes may configure a lower value.
    public static let maxCircuitsPerLink = 16384
    /// Open streams on one circuit (Docs/SPEC.md §6.2).
    public static let maxStreamsPerCircuit = 500
    /// Bytes of a hostname (Docs/SPEC.md §1.6).
    public static let maxHostname = 255
    /// Addresses a NETINFO may list for its sender (Docs/SPEC.md §3.9).
    public static let maxNetInfoAddresses = 8
    /// RELAY_EARLY cells a relay accepts per circuit (Docs/SPEC.md §5.7).
    public static let maxRelayEarly = 8
    /// Hops a client builds (Docs/SPEC.md §5.7).
    public static let maxHops = 8
    /// Bytes of one reassembled governance entry (Docs/SPEC.md §3.10).
    public static let maxGovernanceEntry = 65536
    /// Bytes of a signed document or envelope (Docs/SPEC.md §7.1).
    public static let maxDocumentSize = 8 * 1024 * 1024
    /// Nesting depth of canonical records, the top level being 1 (Docs/SPEC.md §7.1).
    public static let maxRecordDepth = 8
    /// Signatures in one signature block (Docs/SPEC.md §7.6).
    public static let maxSignatures = 64
    /// Bytes of a document type name (Docs/SPEC.md §7.5).
    public static let maxDocumentType = 32

    /// Idle time after which a link sends PADDING, in seconds (Docs/SPEC.md §2.11).
    public static let linkKeepaliveSeconds = 30
    /// Silence after which a link is closed, in seconds (Docs/SPEC.md §2.11).
    public static let linkIdleTimeoutSeconds = 180
    /// Quarantine of a circuit id after DESTROY, in seconds (Docs/SPEC.md §3.2).
    public static let circuitIDReuseDelaySeconds = 60
    /// Clock skew tolerated when checking certificate validity, in seconds (Docs/SPEC.md §2.5).
    public static let maxClockSkewSeconds: UInt64 = 300
    /// Longest validity of a relay link certificate, in seconds (Docs/SPEC.md §2.5).
    public static let maxLinkCertificateLifetimeSeconds: UInt64 = 30 * 24 * 3600
    /// Longest validity of a member device certificate, in seconds (Docs/SPEC.md §2.6).
    public static let maxDeviceCertificateLifetimeSeconds: UInt64 = 30 * 24 * 3600
}
