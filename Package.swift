// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let propertyBased = Target.Dependency.product(name: "PropertyBased", package: "swift-property-based")

let package = Package(
    name: "Surety",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SuretyCrypto", targets: ["SuretyCrypto"]),
        .library(name: "SuretyWire", targets: ["SuretyWire"]),
        .library(name: "SuretyService", targets: ["SuretyService"]),
        .library(name: "SuretyDocuments", targets: ["SuretyDocuments"]),
        .executable(name: "surety-admin", targets: ["surety-admin"]),
        .executable(name: "surety-dir", targets: ["surety-dir"]),
        .library(name: "SuretyProxy", targets: ["SuretyProxy"]),
        .executable(name: "surety-bench", targets: ["surety-bench"]),
        .executable(name: "surety-demo", targets: ["surety-demo"]),
        .executable(name: "surety-relay", targets: ["surety-relay"]),
        .executable(name: "surety-client", targets: ["surety-client"]),
        .executable(name: "surety-testnet", targets: ["surety-testnet"]),
        // libFuzzer targets: build one at a time with --sanitize=fuzzer (Scripts/fuzz.sh).
        .executable(name: "FuzzCell", targets: ["FuzzCell"]),
        .executable(name: "FuzzRelayMessage", targets: ["FuzzRelayMessage"]),
        .executable(name: "FuzzLinkPayload", targets: ["FuzzLinkPayload"]),
        .executable(name: "FuzzCanonicalDocument", targets: ["FuzzCanonicalDocument"]),
        .executable(name: "FuzzProxyHandshake", targets: ["FuzzProxyHandshake"]),
        .executable(name: "FuzzExitPolicy", targets: ["FuzzExitPolicy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // System libraries. Only SuretyCrypto may import these (checked by Scripts/check-layering.sh).
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Protocol layers (no I/O).
        .target(name: "SuretyCrypto", dependencies: ["CSodium", "COpenSSL"], swiftSettings: upcoming),
        .target(name: "SuretyWire", dependencies: ["SuretyCrypto", nioCore], swiftSettings: upcoming),
        .target(name: "SuretyCircuit", dependencies: ["SuretyCrypto", "SuretyWire"], swiftSettings: upcoming),
        .target(name: "SuretyDocuments", dependencies: ["SuretyCrypto", "SuretyWire"], swiftSettings: upcoming),
        .target(name: "SuretyProxy", dependencies: [nioCore], swiftSettings: upcoming),

        // Networking and services.
        .target(
            name: "SuretyNet",
            dependencies: [
                "SuretyCrypto", "SuretyWire", "SuretyCircuit", nioCore, nioPosix,
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyService",
            dependencies: [
                .product(name: "TOMLKit", package: "TOMLKit"),
                logging,
                metrics,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                nioCore,
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                nioPosix,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyRelay",
            dependencies: [
                "SuretyCrypto", "SuretyCircuit", "SuretyNet", "SuretyProxy", "SuretyService", "SuretyDirectoryClient",
                "SuretyDocuments", "SuretyWire", nioCore, nioPosix, logging, metrics,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyClient",
            dependencies: [
                "SuretyCrypto", "SuretyCircuit", "SuretyNet", "SuretyProxy", "SuretyService", "SuretyDirectoryClient",
                "SuretyDocuments", nioCore, nioPosix,
                logging, metrics,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyDirectoryClient",
            dependencies: [
                "SuretyCrypto", "SuretyDocuments", "SuretyWire", nioCore, nioPosix,
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), logging,
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyDirectory",
            dependencies: [
                "SuretyCrypto", "SuretyDocuments", "SuretyDirectoryClient", "SuretyNet", "SuretyWire", nioCore,
                nioPosix,
                logging, metrics,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyTestSupport",
            dependencies: [
                "SuretyCrypto", "SuretyRelay", "SuretyClient", "SuretyProxy", "SuretyNet", nioCore, nioPosix, logging,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),

        // Executables.
        .executableTarget(
            name: "surety-bench",
            dependencies: [
                "SuretyCrypto", "SuretyDocuments", "SuretyWire", "SuretyDirectory", "SuretyDirectoryClient",
                "SuretyRelay", "SuretyCircuit", "SuretyClient", "SuretyTestSupport", "SuretyNet", nioCore, nioPosix,
                logging, .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(name: "surety-demo", dependencies: ["SuretyCrypto"], swiftSettings: upcoming),
        .executableTarget(
            name: "surety-admin",
            dependencies: [
                "SuretyCrypto", "SuretyDocuments", "SuretyDirectoryClient", "SuretyService", "SuretyWire", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "surety-dir",
            dependencies: [
                "SuretyDirectory", "SuretyDocuments", "SuretyCrypto", "SuretyService", "SuretyWire", logging, nioCore,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "surety-client",
            dependencies: [
                "SuretyClient", "SuretyService", "SuretyCrypto", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "surety-testnet",
            dependencies: [
                "SuretyService", "SuretyTestSupport", nioCore, nioPosix,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "surety-relay",
            dependencies: [
                "SuretyRelay", "SuretyService", "SuretyCrypto", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),

        // Fuzzing (Scripts/fuzz.sh): one harness library, one libFuzzer entry point per parser.
        .target(
            name: "SuretyFuzzHarness",
            dependencies: ["SuretyWire", nioCore],
            path: "Sources/Fuzz/SuretyFuzzHarness",
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "FuzzCell", dependencies: ["SuretyFuzzHarness"], path: "Sources/Fuzz/FuzzCell",
            swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzRelayMessage", dependencies: ["SuretyFuzzHarness"], path: "Sources/Fuzz/FuzzRelayMessage",
            swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzLinkPayload", dependencies: ["SuretyFuzzHarness"], path: "Sources/Fuzz/FuzzLinkPayload",
            swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzCanonicalDocument", dependencies: ["SuretyFuzzHarness"],
            path: "Sources/Fuzz/FuzzCanonicalDocument", swiftSettings: upcoming),
        .target(
            name: "SuretyProxyFuzzHarness", dependencies: ["SuretyProxy", nioCore],
            path: "Sources/Fuzz/SuretyProxyFuzzHarness", swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzProxyHandshake", dependencies: ["SuretyProxyFuzzHarness"],
            path: "Sources/Fuzz/FuzzProxyHandshake", swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzExitPolicy", dependencies: ["SuretyProxyFuzzHarness"], path: "Sources/Fuzz/FuzzExitPolicy",
            swiftSettings: upcoming),

        // Tests.
        .testTarget(
            name: "SuretyWireTests",
            dependencies: [
                "SuretyWire", "SuretyCrypto", "SuretyFuzzHarness", "SuretyTestSupport", nioCore,
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"), propertyBased,
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyCryptoTests",
            dependencies: ["SuretyCrypto", "SuretyTestSupport", propertyBased],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyCircuitTests",
            dependencies: ["SuretyCircuit", "SuretyCrypto", "SuretyTestSupport", propertyBased],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyDocumentsTests",
            dependencies: ["SuretyDocuments", "SuretyCrypto", "SuretyTestSupport", propertyBased],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyDirectoryTests",
            dependencies: [
                "SuretyDirectory", "SuretyDirectoryClient", "SuretyDocuments", "SuretyCrypto", "SuretyRelay",
                "SuretyNet",
                "SuretyWire", "SuretyTestSupport", nioCore, nioPosix, logging,
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyGovernanceTests",
            dependencies: [
                "SuretyDirectory", "SuretyDirectoryClient", "SuretyDocuments", "SuretyCrypto", "SuretyRelay",
                "SuretyClient", "SuretyNet", "SuretyWire", "SuretyTestSupport", nioCore, nioPosix, logging,
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyProxyTests",
            dependencies: ["SuretyProxy", "SuretyProxyFuzzHarness", nioCore, propertyBased],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyNetworkTests",
            dependencies: [
                "SuretyTestSupport", "SuretyClient", "SuretyRelay", "SuretyCrypto", "SuretyNet", "SuretyService",
                nioCore, nioPosix, logging,
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyServiceTests",
            dependencies: [
                "SuretyService",
                logging,
                metrics,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                nioCore,
                nioPosix,
            ],
            swiftSettings: upcoming
        ),
    ]
)
