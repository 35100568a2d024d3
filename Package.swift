// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Surety",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SuretyCrypto", targets: ["SuretyCrypto"]),
        .library(name: "SuretyWire", targets: ["SuretyWire"]),
        .executable(name: "surety-bench", targets: ["surety-bench"]),
        .executable(name: "surety-demo", targets: ["surety-demo"]),
        // libFuzzer targets: build one at a time with --sanitize=fuzzer (Scripts/fuzz.sh).
        .executable(name: "FuzzCell", targets: ["FuzzCell"]),
        .executable(name: "FuzzRelayMessage", targets: ["FuzzRelayMessage"]),
        .executable(name: "FuzzLinkPayload", targets: ["FuzzLinkPayload"]),
        .executable(name: "FuzzCanonicalDocument", targets: ["FuzzCanonicalDocument"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // System libraries. Only SuretyCrypto may import these (checked by Scripts/check-layering.sh).
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "SuretyCrypto",
            dependencies: ["CSodium", "COpenSSL"],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyWire",
            dependencies: [
                "SuretyCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyTestSupport",
            dependencies: ["SuretyCrypto"],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "surety-bench",
            dependencies: [
                "SuretyCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "surety-demo",
            dependencies: ["SuretyCrypto"],
            swiftSettings: upcoming
        ),
        .target(
            name: "SuretyFuzzHarness",
            dependencies: [
                "SuretyWire",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/Fuzz/SuretyFuzzHarness",
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "FuzzCell",
            dependencies: ["SuretyFuzzHarness"],
            path: "Sources/Fuzz/FuzzCell",
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "FuzzRelayMessage",
            dependencies: ["SuretyFuzzHarness"],
            path: "Sources/Fuzz/FuzzRelayMessage",
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "FuzzLinkPayload",
            dependencies: ["SuretyFuzzHarness"],
            path: "Sources/Fuzz/FuzzLinkPayload",
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "FuzzCanonicalDocument",
            dependencies: ["SuretyFuzzHarness"],
            path: "Sources/Fuzz/FuzzCanonicalDocument",
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyWireTests",
            dependencies: [
                "SuretyWire",
                "SuretyCrypto",
                "SuretyFuzzHarness",
                "SuretyTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SuretyCryptoTests",
            dependencies: [
                "SuretyCrypto",
                "SuretyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: upcoming
        ),
    ]
)
