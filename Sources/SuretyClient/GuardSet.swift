import Foundation
import SuretyCrypto

/// The client's small, persistent set of entry guards (as Tor's guard spec: few guards kept for
/// months limit how many relays ever see this client). Stored as one hex identity per line.
struct GuardSet {
    let path: String?
    let size: Int
    private var identities: [[UInt8]] = []

    init(path: String?, size: Int) {
        self.path = path
        self.size = max(1, size)
        if let path, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            identities = text.split(separator: "\n").compactMap { HexString.decode(String($0)) }
                .filter { $0.count == Ed25519.publicKeyLength }
        }
    }

    /// The guards to use now: stored ones still listed as guards, topped up at random (and saved).
    mutating func current(
        from relays: [RelayInfo], selector: PathSelector, using generator: inout some RandomNumberGenerator
    ) -> [RelayInfo] {
        let candidates = relays.filter(\.isGuard)
        var chosen = identities.compactMap { id in candidates.first { $0.identity.rawRepresentation == id } }
        let before = chosen.map(\.identity)
        var pool = candidates.filter { relay in !chosen.contains { $0.identity == relay.identity } }
        pool.shuffle(using: &generator)
        while chosen.count < size, let next = pool.popLast() { chosen.append(next) }
        if chosen.map(\.identity) != before {
            identities = chosen.map(\.identity.rawRepresentation)
            save()
        }
        return chosen
    }

    private func save() {
        guard let path else { return }
        let text = identities.map { HexString.encode($0) }.joined(separator: "\n") + "\n"
        let temporary = path + ".tmp"
        do {
            try text.write(toFile: temporary, atomically: false, encoding: .utf8)
            _ = rename(temporary, path)
        } catch {
            // Guards then live in memory only; the next start picks again.
        }
    }
}

/// Wall-clock seconds since the Unix epoch (certificates carry wall-clock validity).
enum WallClock {
    static func now() -> UInt64 { UInt64(max(0, Date().timeIntervalSince1970)) }
}
