// swift-tools-version: 6.2
// Quarry: a schema-first structured-extraction toolkit for Swift.
// The main package depends on the Swift toolchain alone (see DESIGN decision 1).

import PackageDescription

let package = Package(
    name: "quarry",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "QuarrySchema", targets: ["QuarrySchema"]),
        .library(name: "Quarry", targets: ["Quarry"]),
        .library(name: "QuarryCodegen", targets: ["QuarryCodegen"]),
        .library(name: "QuarryEvals", targets: ["QuarryEvals"]),
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    targets: [
        .target(name: "QuarrySchema"),
        .target(name: "Quarry", dependencies: ["QuarrySchema"]),
        .target(name: "QuarryCodegen", dependencies: ["QuarrySchema"]),
        .target(name: "QuarryEvals", dependencies: ["Quarry", "QuarryCodegen", "QuarrySchema"]),
        .executableTarget(name: "quarry", dependencies: ["QuarrySchema", "Quarry", "QuarryCodegen", "QuarryEvals"]),
        .testTarget(
            name: "QuarrySchemaTests",
            dependencies: ["QuarrySchema"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "QuarryTests", dependencies: ["Quarry", "QuarrySchema"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
