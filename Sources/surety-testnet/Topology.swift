import SuretyService

/// A testnet topology file (Network/topologies/*.toml).
struct Topology {
    var name: String
    var relays: Int
    var exits: Int
    var basePort: Int

    static func load(path: String) throws -> Topology {
        try ConfigFile.load(path: path) { (file) throws(ConfigError) in
            let relays = try file.int("relays", default: 6, in: 3...200)
            return Topology(
                name: try file.string("name", default: "testnet"), relays: relays,
                exits: try file.int("exits", default: 2, in: 1...relays),
                basePort: try file.int("base_port", default: 17100, in: 1024...60000))
        }
    }
}
