import Foundation

/// The schema files of a target and the generated file each one becomes. Shared by the build
/// plugin and the command plugin (symlinked into both: plugins cannot share a module).
struct SchemaInputs {
    /// One schema and its output file name.
    struct Entry {
        var schema: URL
        var outputName: String
    }

    /// `*.schema.json` files under the target directory, sorted by relative path.
    var entries: [Entry]
    /// The target's `quarry-codegen.json`, when it has one.
    var configuration: URL?

    /// Finds the schemas among `files`, which live under `directory`.
    init(directory: URL, files: [URL]) {
        let root = directory.standardizedFileURL.path
        var found: [(relative: String, url: URL)] = []
        for file in files where file.lastPathComponent.hasSuffix(".schema.json") {
            let path = file.standardizedFileURL.path
            let relative = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : file.lastPathComponent
            found.append((relative, file))
        }
        found.sort { $0.relative < $1.relative }
        entries = found.map { item in
            // `Schemas/invoice.schema.json` → `Schemas_invoice.swift`: unique, because relative
            // paths are, and readable in build logs.
            let stem = String(item.relative.dropLast(".schema.json".count))
            let name = stem.map { $0 == "/" || $0 == "\\" ? "_" : $0 }
            return Entry(schema: item.url, outputName: String(name) + ".swift")
        }
        configuration = files.first { $0.lastPathComponent == "quarry-codegen.json" }
    }

    /// The `quarry-codegen` arguments for one schema.
    func arguments(for entry: Entry, output: URL) -> [String] {
        var arguments = [entry.schema.path, "--output", output.path]
        if let configuration { arguments += ["--config", configuration.path] }
        return arguments
    }
}
