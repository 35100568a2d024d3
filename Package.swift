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
        .executable(name: "surety-bench", targets: ["surety-bench"]),
        .executable(name: "surety-demo", targets: ["surety-demo"]),
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

        // Networking and services.
        .target(
            name: "SuretyNet",
            dependencies: ["SuretyCrypto", "SuretyWire", "SuretyCircuit", nioCore, nioPosix],
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
            dependencies: ["SuretyCrypto", "SuretyCircuit", "SuretyNet", nioCore, nioPosix, logging, metrics],
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
                "SuretyCrypto", "SuretyRelay", nioCore, nioPosix, .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),

        // Executables.
        .executableTarget(
            name: "surety-bench",
            dependencies: [
                "SuretyCrypto", "SuretyDocuments", "SuretyWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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

        // Tests.
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
