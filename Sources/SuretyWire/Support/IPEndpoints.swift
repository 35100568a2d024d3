/// An IPv4 address and a nonzero port (EXTEND link specifier type 0, Docs/SPEC.md §6.9).
public struct IPv4Endpoint: Hashable, Sendable {
    public let address: IPv4Address
    public let port: UInt16

    public init(address: IPv4Address, port: UInt16) throws {
        guard port != 0 else { throw WireError(.invalidArgument, "port 0") }
        self.address = address
        self.port = port
    }

    init(unchecked address: IPv4Address, port: UInt16) {
        self.address = address
        self.port = port
    }
}

/// An IPv6 address and a nonzero port (EXTEND link specifier type 1, Docs/SPEC.md §6.9).
public struct IPv6Endpoint: Hashable, Sendable {
    public let address: IPv6Address
    public let port: UInt16

    public init(address: IPv6Address, port: UInt16) throws {
        guard port != 0 else { throw WireError(.invalidArgument, "port 0") }
        self.address = address
        self.port = port
    }

    init(unchecked address: IPv6Address, port: UInt16) {
        self.address = address
        self.port = port
    }
}
