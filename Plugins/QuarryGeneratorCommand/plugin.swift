import Foundation
import PackagePlugin

/// `swift package generate-quarry-types [--target NAME ...]`: writes the generated Swift for each
/// target's schemas into `<target>/Generated/`, for teams that commit generated sources instead
/// of using the build plugin.
@main
struct QuarryGeneratorCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = Set(extractor.extractOption(named: "target"))
        let tool = try context.tool(named: "quarry-codegen").url
        var failures = 0
        for target in context.package.targets {
            guard let target = target as? SourceModuleTarget, names.isEmpty || names.contains(target.name) else {
                continue
            }
            let inputs = SchemaInputs(directory: target.directoryURL, files: target.sourceFiles.map(\.url))
            for entry in inputs.entries {
                let output = target.directoryURL.appending(path: "Generated").appending(path: entry.outputName)
                let process = Process()
                process.executableURL = tool
                process.arguments = inputs.arguments(for: entry, output: output)
                try process.run()
                process.waitUntilExit()
                if process.terminationStatus == 0 {
                    print("Wrote \(output.path)")
                } else {
                    failures += 1
                }
            }
        }
        if failures > 0 {
            Diagnostics.error("quarry-codegen failed for \(failures) schema(s); see the messages above")
        }
    }
}
