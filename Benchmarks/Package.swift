// swift-tools-version: 6.1
// Quarry benchmarks: a separate package so the main package stays free of benchmark code.
// Depends on nothing but the main package (by path) and the toolchain's Foundation.

import PackageDescription

let package = Package(
    name: "quarry-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "quarry", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "quarry-bench",
            dependencies: [
                .product(name: "QuarrySchema", package: "quarry"),
                // The runtime, for the `overhead` workload (a zero-latency fake transport).
                .product(name: "Quarry", package: "quarry"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
