// swift-tools-version: 6.1
import Foundation
import PackageDescription

// On CI (CI=true) our own targets build with warnings as errors, so a warning cannot land; elsewhere they stay
// warnings, so that a newer compiler's new warning never stops someone's build. Dependencies are not affected.
let warningsAsErrors = ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"] ?? "")

let swiftSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("ExistentialAny"),
    ] + (warningsAsErrors ? [.unsafeFlags(["-warnings-as-errors"])] : [])

let package = Package(
    name: "feedwatch",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "FeedCore", targets: ["FeedCore"]),
        .library(name: "FeedStore", targets: ["FeedStore"]),
        .library(name: "FeedWatch", targets: ["FeedWatch"]),
        .executable(name: "feedwatch", targets: ["feedwatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // SSE2 byte comparisons for the text scanners (header only, like the libcurl and libxml2 shims).
        .systemLibrary(name: "CByteBlock"),
        .target(
            name: "Markup",
            dependencies: ["CLibXML2", "CByteBlock"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FeedCore",
            dependencies: [
                "Markup",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FeedStore",
            dependencies: [
                "FeedCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FeedWatch",
            dependencies: [
                "FeedCore",
                "FeedFetch",
                "FeedStore",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedWatchTests",
            dependencies: [
                "FeedWatch", "FeedCore", "FeedStore", "FeedFetch", "FetchTestServer",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedCore",
                "FeedFetch",
                "FeedStore",
                "FeedWatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings,
            // mimalloc (Debian's libmimalloc-dev) replaces glibc's malloc in the whole process, libcurl and SQLite
            // included: a poll's buffers are made on the transfer thread and freed on others, which glibc's
            // allocator handles through its arena locks, and the warm pass spent a tenth of its time in malloc.
            linkerSettings: [.linkedLibrary("mimalloc")]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "FeedFetch",
            dependencies: ["CCurl"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FetchTestServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/FetchTestServer",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedFetchTests",
            dependencies: ["FeedFetch", "FetchTestServer"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarkupTests",
            dependencies: ["Markup", "CLibXML2"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedwatchCLITests",
            dependencies: [
                "feedwatch", "FetchTestServer", "FeedStore", "FeedCore", "FeedWatch",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedCoreTests",
            dependencies: ["FeedCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        // The child process the crash test kills with SIGKILL again and again; not shipped.
        .executableTarget(
            name: "feedstore-crash-writer",
            dependencies: ["FeedStore", "FeedCore"],
            path: "Tests/FeedStoreCrashWriter",
            swiftSettings: swiftSettings
        ),
        // What Benchmarks/store drives: synthetic polls into the store, the same rows as SQL, searches.
        .executableTarget(
            name: "feedstore-bench",
            dependencies: ["FeedStore", "FeedCore"],
            path: "Benchmarks/StoreBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedStoreTests",
            dependencies: [
                "FeedStore", "FeedCore", "feedstore-crash-writer", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
