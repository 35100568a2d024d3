import SuretyService

/// A testnet topology file (Network/topologies/*.toml).
struct Topology {
    var name: String
    var relays: Int
    var exits: Int
    var basePort: Int
    /// Directory authorities (0: a static relay list instead, as in Docs/TESTNET.md).
    var authorities: Int
    var admins: Int
    var threshold: Int
    var votingInterval: Int

    static func load(path: String) throws -> Topology {
        try ConfigFile.load(path: path) { (file) throws(ConfigError) in
            let relays = try file.int("relays", default: 6, in: 3...200)
            let admins = try file.int("admins", default: 3, in: 1...16)
            return Topology(
                name: try file.string("name", default: "testnet"), relays: relays,
                exits: try file.int("exits", default: 2, in: 1...relays),
                basePort: try file.int("base_port", default: 17100, in: 1024...60000),
                authorities: try file.int("authorities", default: 3, in: 0...9),
                admins: admins, threshold: try file.int("threshold", default: 2, in: 1...admins),
                votingInterval: try file.int("voting_interval", default: 10, in: 5...3600))
        }
    }
}
