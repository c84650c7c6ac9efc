import Foundation
import PackagePlugin

/// Generates Swift types for every `*.schema.json` in a target, at build time.
///
/// The plugin only finds inputs and names outputs; `quarry-codegen` does the work and prints
/// diagnostics with file and line. Each schema is its own build command, so only a changed
/// schema reruns the generator.
@main
struct QuarryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        return try Self.commands(
            tool: context.tool(named: "quarry-codegen").url,
            inputs: SchemaInputs(directory: target.directoryURL, files: target.sourceFiles.map(\.url)),
            outputDirectory: context.pluginWorkDirectoryURL)
    }

    static func commands(tool: URL, inputs: SchemaInputs, outputDirectory: URL) -> [Command] {
        inputs.entries.map { entry in
            let output = outputDirectory.appending(path: entry.outputName)
            return .buildCommand(
                displayName: "Generating Swift for \(entry.schema.lastPathComponent)",
                executable: tool,
                arguments: inputs.arguments(for: entry, output: output),
                inputFiles: [entry.schema] + (inputs.configuration.map { [$0] } ?? []),
                outputFiles: [output])
        }
    }
}

#if canImport(XcodeProjectPlugin)
    import XcodeProjectPlugin

    extension QuarryPlugin: XcodeBuildToolPlugin {
        func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command] {
            let files = target.inputFiles.map(\.url)
            return try Self.commands(
                tool: context.tool(named: "quarry-codegen").url,
                inputs: SchemaInputs(directory: context.xcodeProject.directoryURL, files: files),
                outputDirectory: context.pluginWorkDirectoryURL)
        }
    }
#endif
