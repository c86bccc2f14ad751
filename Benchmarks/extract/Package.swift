// swift-tools-version: 6.1
// The in-process driver Benchmarks/extract/run times: FeedCore's extractor over many pages in one process, as
// `feedwatch extract` calls it, so no process start-up is paid per page. Kept out of the main package so the
// benchmark changes nothing there; it builds the root package's FeedCore (and only what that needs).
import PackageDescription

let package = Package(
    name: "extract-bench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "feedwatch", path: "../..")],
    targets: [
        .executableTarget(
            name: "extract-bench",
            dependencies: [.product(name: "FeedCore", package: "feedwatch")],
            path: "Sources/extract-bench"
        )
    ],
    swiftLanguageModes: [.v6]
)
