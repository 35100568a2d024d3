import SuretyCrypto

/// Chooses 3-hop paths (Docs/SPEC.md §7 path rules): three distinct relays, no two from the same
/// subnet (unless disabled for loopback testnets) or operator family, an exit that allows the port,
/// the guard from the client's small persistent guard set.
public struct PathSelector: Sendable {
    public var enforceDistinctSubnets: Bool
    public var pathLength: Int

    public init(enforceDistinctSubnets: Bool = true, pathLength: Int = 3) {
        self.enforceDistinctSubnets = enforceDistinctSubnets
        self.pathLength = pathLength
    }

    public struct NoPath: Error, CustomStringConvertible {
        public var description: String
    }

    /// A path for a stream to `port` (nil: any exit), avoiding `excluded` identities.
    public func selectPath(
        relays: [RelayInfo], guards: [RelayInfo], port: UInt16?, excluding excluded: Set<[UInt8]> = [],
        using generator: inout some RandomNumberGenerator
    ) throws -> [RelayInfo] {
        let usable = relays.filter { !excluded.contains($0.identity.rawRepresentation) }
        let exits = usable.filter { relay in port.map { relay.exitAllows(port: $0) } ?? relay.isExit }
        guard !exits.isEmpty else { throw NoPath(description: "no exit allows port \(port.map(String.init) ?? "any")") }
        let guardChoices = guards.filter { g in usable.contains { $0.identity == g.identity } }
        for _ in 0..<32 {
            guard let exit = exits.randomElement(using: &generator) else { break }
            let entryPool = (guardChoices.isEmpty ? usable.filter(\.isGuard) : guardChoices).filter {
                compatible($0, [exit])
            }
            guard let entry = entryPool.randomElement(using: &generator) else { continue }
            var path = [entry]
            while path.count < pathLength - 1 {
                let middles = usable.filter { compatible($0, path + [exit]) }
                guard let middle = middles.randomElement(using: &generator) else { break }
                path.append(middle)
            }
            guard path.count == pathLength - 1 else { continue }
            return path + [exit]
        }
        throw NoPath(description: "no \(pathLength)-hop path satisfies the distinctness rules")
    }

    func compatible(_ candidate: RelayInfo, _ chosen: [RelayInfo]) -> Bool {
        for other in chosen {
            if other.identity == candidate.identity { return false }
            if !other.family.isEmpty && other.family == candidate.family { return false }
            if enforceDistinctSubnets && other.subnet == candidate.subnet { return false }
        }
        return true
    }
}
