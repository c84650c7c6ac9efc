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
        ),
        // The extraction-quality benchmark's judge (Benchmarks/quality/run): validates and
        // scores every configuration's outputs with QuarryEvals' scorer.
        .executableTarget(
            name: "quality-score",
            dependencies: [
                .product(name: "QuarrySchema", package: "quarry"),
                .product(name: "Quarry", package: "quarry"),
                .product(name: "QuarryEvals", package: "quarry"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
