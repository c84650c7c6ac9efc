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
        .executable(name: "quarry-codegen", targets: ["quarry-codegen"]),
        .plugin(name: "QuarryPlugin", targets: ["QuarryPlugin"]),
        .plugin(name: "QuarryGeneratorCommand", targets: ["QuarryGeneratorCommand"]),
    ],
    targets: [
        .target(name: "QuarrySchema"),
        .target(name: "Quarry", dependencies: ["QuarrySchema"]),
        .target(name: "QuarryCodegen", dependencies: ["QuarrySchema"]),
        .target(name: "QuarryEvals", dependencies: ["Quarry", "QuarrySchema"]),
        .executableTarget(name: "quarry-codegen", dependencies: ["QuarryCodegen", "QuarrySchema"]),
        .executableTarget(name: "quarry", dependencies: ["QuarrySchema", "Quarry", "QuarryCodegen", "QuarryEvals"]),
        .testTarget(
            name: "QuarrySchemaTests",
            dependencies: ["QuarrySchema"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "QuarryTests", dependencies: ["Quarry", "QuarrySchema"], exclude: ["Fixtures"]),
        .testTarget(name: "QuarryEvalsTests", dependencies: ["QuarryEvals", "Quarry", "QuarrySchema"]),
        .plugin(name: "QuarryPlugin", capability: .buildTool(), dependencies: ["quarry-codegen"]),
        .plugin(
            name: "QuarryGeneratorCommand",
            capability: .command(
                intent: .custom(
                    verb: "generate-quarry-types",
                    description: "Write the Swift generated from each target's *.schema.json files into the target"),
                permissions: [.writeToPackageDirectory(reason: "Writes the generated Swift into <target>/Generated/")]
            ),
            dependencies: ["quarry-codegen"]
        ),
        // The schemas/ examples as generated types, built by the plugin as a user's target would be.
        .target(
            name: "QuarryExampleTypes",
            dependencies: ["Quarry", "QuarrySchema"],
            path: "Tests/QuarryExampleTypes",
            plugins: ["QuarryPlugin"]
        ),
        // Every official-suite schema through quarry-codegen (scripts/generate-conformance-types).
        .testTarget(
            name: "QuarryCodegenConformanceTests",
            dependencies: ["Quarry", "QuarrySchema"],
            exclude: ["JSONValueRoots.txt"]
        ),
        .testTarget(
            name: "QuarryCodegenTests",
            dependencies: ["QuarryCodegen", "QuarrySchema", "Quarry", "QuarryExampleTypes"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
