import Foundation
import Metrics
import NIOCore

/// A token bucket for rate limits (CREATE cells per link). Loop-confined.
struct TokenBucket {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
        tokens = burst
        last = .now
    }

    /// Takes one token if available.
    mutating func take() -> Bool {
        let now = ContinuousClock.Instant.now
        let elapsed = last.duration(to: now)
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * rate)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

/// A relay-wide byte budget (bandwidth rate and burst). Bytes already read are always accounted,
/// so the balance may go negative; reading resumes once it refills above zero.
struct ByteBucket {
    let rate: Double
    let burst: Double
    private(set) var balance: Double
    private var last: ContinuousClock.Instant

    init(rate: Int, burst: Int) {
        self.rate = Double(rate)
        self.burst = Double(max(burst, rate))
        balance = self.burst
        last = .now
    }

    private mutating func refill() {
        let now = ContinuousClock.Instant.now
        let elapsed = last.duration(to: now)
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        balance = min(burst, balance + seconds * rate)
    }

    mutating func consume(_ bytes: Int) {
        refill()
        balance -= Double(bytes)
    }

    /// Whether reading may continue now; otherwise how long until the balance is positive again.
    mutating func waitTime() -> TimeAmount? {
        refill()
        guard balance <= 0 else { return nil }
        let seconds = (-balance + 1) / rate
        return .nanoseconds(Int64(min(seconds, 1.0) * 1e9) + 1_000_000)
    }
}

enum Clock {
    static func unixSeconds() -> Int { Int(Date().timeIntervalSince1970) }
}

/// Relay counters exported on /metrics (names documented in Docs/OPERATOR_GUIDE.md "Metrics").
struct RelayMetrics {
    let linksOpened = Counter(label: "surety_relay_links_opened_total")
    let linksClosed = Counter(label: "surety_relay_links_closed_total")
    let circuitsCreated = Counter(label: "surety_relay_circuits_created_total")
    let circuitsRefused = Counter(label: "surety_relay_circuits_refused_total")
    let circuitsDestroyed = Counter(label: "surety_relay_circuits_destroyed_total")
    let handshakeFailures = Counter(label: "surety_relay_hop_handshake_failures_total")
    let cellsReceived = Counter(label: "surety_relay_cells_received_total")
    let cellsForwarded = Counter(label: "surety_relay_cells_forwarded_total")
    let streamsOpened = Counter(label: "surety_relay_exit_streams_opened_total")
    let exitBytes = Counter(label: "surety_relay_exit_bytes_total")
    let revocationsApplied = Counter(label: "surety_relay_revocations_applied_total")
}

extension SocketAddress {
    /// An address from 4 or 16 packed bytes.
    init(packedIPAddress bytes: [UInt8], port: Int) throws {
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        try self.init(packedIPAddress: buffer, port: port)
    }

    /// 4 or 16 packed bytes of an IP address; empty for other kinds.
    var packedIPBytes: [UInt8] {
        // sockaddr_in: family(2) port(2) addr(4); sockaddr_in6: family(2) port(2) flowinfo(4) addr(16).
        switch self {
        case .v4:
            return withSockAddr { pointer, length in
                length >= 8 ? Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + 4, count: 4)) : []
            }
        case .v6:
            return withSockAddr { pointer, length in
                length >= 24 ? Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + 8, count: 16)) : []
            }
        default:
            return []
        }
    }
}
