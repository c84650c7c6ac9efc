import Foundation
import QuarryCodegen
import QuarrySchema

/// `quarry-codegen`: the executable the build plugin runs. Generates Swift for schema files and
/// prints diagnostics as `path:line:column: error|warning: message` on standard error, the form
/// `swift build` and Xcode show on the schema's line.
@main
struct CodegenCommand {
    static let usage = """
        USAGE: quarry-codegen <schema.json> --output <file.swift> [options]
               quarry-codegen <schema.json>... --output-directory <dir> [options]

        OPTIONS:
          --output FILE             Where to write the Swift for a single schema.
          --output-directory DIR    Where to write one <name>.swift per schema.
          --namespace NAME          Nest the types in `enum NAME`; `auto` derives one per file name.
          --type-name NAME          The root type's name (default: from the file name).
          --access public|internal  Access level of the generated types (default: public).
          --draft 2020-12|2019-09|7|6|4
                                    The draft of schemas without $schema (default: 2020-12).
          --lint PROVIDER[,...]     Warn about limits of: openai, anthropic, gemini, ollama, llama.cpp.
          --config FILE             A quarry-codegen.json with namespace, access, draft and lint.
          --resolve PREFIX=DIR      Serve $ref URIs starting with PREFIX from files in DIR.
        """

    static func main() {
        exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    static func run(_ arguments: [String]) -> Int32 {
        var inputs: [String] = []
        var values: [String: String] = [:]
        var index = 0
        let valued: Set<String> = [
            "--output", "--output-directory", "--namespace", "--type-name", "--access", "--draft", "--lint", "--config",
            "--resolve",
        ]
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" {
                print(usage)
                return 0
            }
            if valued.contains(argument) {
                guard index + 1 < arguments.count else { return fail("'\(argument)' needs a value") }
                values[argument] = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("-") { return fail("unknown option '\(argument)'") }
            inputs.append(argument)
            index += 1
        }
        guard !inputs.isEmpty else { return fail("no schema file given") }

        var options = GeneratorOptions()
        if let path = values["--config"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                return fail("cannot read the configuration \(path)")
            }
            do {
                options = try GeneratorOptions(configurationText: text)
            } catch {
                FileHandle.standardError.write(Data("\(path):1:1: error: \(error.message)\n".utf8))
                return 1
            }
        }
        if let name = values["--namespace"] { options.namespace = name }
        if let name = values["--type-name"] { options.typeName = name }
        if let name = values["--access"] {
            guard let level = GeneratorOptions.AccessLevel(rawValue: name) else {
                return fail("--access must be public or internal")
            }
            options.accessLevel = level
        }
        if let name = values["--draft"] {
            guard let draft = Draft(name: name) else { return fail("unknown draft '\(name)'") }
            options.defaultDraft = draft
        }
        if let names = values["--lint"] {
            var profiles: [ProviderProfile] = []
            for name in names.split(separator: ",") {
                guard let profile = ProviderProfile(named: String(name)) else {
                    return fail("unknown provider '\(name)' for --lint")
                }
                profiles.append(profile)
            }
            options.lintedProviders = profiles
        }

        if let mapping = values["--resolve"] {
            guard let equals = mapping.firstIndex(of: "=") else { return fail("--resolve takes PREFIX=DIR") }
            options.resolver = DirectorySchemaResolver(
                prefix: String(mapping[..<equals]), directory: String(mapping[mapping.index(after: equals)...]))
        }

        let outputs: [String]
        if let output = values["--output"] {
            guard inputs.count == 1 else { return fail("--output takes one schema; use --output-directory") }
            outputs = [output]
        } else if let directory = values["--output-directory"] {
            outputs = inputs.map { input in
                let fileName = URL(fileURLWithPath: input).lastPathComponent
                let name = fileName.hasSuffix(".json") ? String(fileName.dropLast(5)) : fileName
                return directory + "/" + name + ".swift"
            }
        } else {
            return fail("give --output or --output-directory")
        }

        var failed = false
        for (input, output) in zip(inputs, outputs) {
            var fileOptions = options
            if options.namespace == "auto" {
                fileOptions.namespace = namespace(forFile: input)
            }
            guard let text = try? String(contentsOfFile: input, encoding: .utf8) else {
                FileHandle.standardError.write(Data("\(input): error: cannot read the file as UTF-8 text\n".utf8))
                failed = true
                continue
            }
            let generated = QuarryGenerator.generate(path: input, text: text, options: fileOptions)
            for diagnostic in generated.diagnostics {
                FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
            }
            guard let source = generated.source, !generated.hasErrors else {
                failed = true
                continue
            }
            if !writeIfChanged(source, to: output) {
                FileHandle.standardError.write(Data("\(output): error: cannot write the generated file\n".utf8))
                failed = true
            }
        }
        return failed ? 1 : 0
    }

    /// `draft7/ref-3.schema.json` → `Ref3`: a namespace per file for many schemas in one module.
    static func namespace(forFile path: String) -> String {
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let base = fileName.hasSuffix(".schema.json") ? String(fileName.dropLast(12)) : fileName
        let words = base.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        var name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if name.isEmpty || name.first?.isNumber == true { name = "Schema" + name }
        return name
    }

    /// Writes only when the content differs, so an unchanged schema does not recompile its module.
    static func writeIfChanged(_ text: String, to path: String) -> Bool {
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), existing == text { return true }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return (try? Data(text.utf8).write(to: url, options: .atomic)) != nil
    }

    static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("quarry-codegen: \(message)\n\n\(usage)\n".utf8))
        return 2
    }
}
