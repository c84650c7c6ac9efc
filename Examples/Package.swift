// swift-tools-version: 6.2
// Quarry as a user's package would use it: the build plugin turns the *.schema.json files in a
// target into Swift types. Build and run from this directory: swift run receipts

import PackageDescription

let package = Package(
    name: "QuarryExamples",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "quarry", path: "..")],
    targets: [
        .executableTarget(
            name: "receipts",
            dependencies: [
                .product(name: "Quarry", package: "quarry"),
                .product(name: "QuarrySchema", package: "quarry"),
            ],
            plugins: [.plugin(name: "QuarryPlugin", package: "quarry")]
        ),
        // Generated decode(validating:) against plain JSONDecoder (swift run -c release decode-bench).
        .executableTarget(
            name: "decode-bench",
            dependencies: [
                .product(name: "Quarry", package: "quarry"),
                .product(name: "QuarrySchema", package: "quarry"),
            ],
            plugins: [.plugin(name: "QuarryPlugin", package: "quarry")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
