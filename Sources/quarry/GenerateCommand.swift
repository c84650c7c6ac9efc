import Foundation
import QuarryCodegen
import QuarrySchema

/// `quarry generate <schema>`: prints the Swift the build plugin would generate for one schema.
enum GenerateCommand {
    static let usage = """
        USAGE: quarry generate <schema> [options]

        Prints the Swift generated from a JSON Schema file (the same code the build plugin
        writes) on standard output, and diagnostics as file:line:column: warning|error: message
        on standard error.

        OPTIONS:
          --namespace NAME        Nest the types in `enum NAME`.
          --type-name NAME        The root type's name (default: from the file name).
          --access public|internal
                                  Access level of the generated types (default public).
          --draft 2020-12|2019-09|7|6|4
                                  Dialect of a schema without "$schema" (default 2020-12).
          --lint PROVIDER[,...]   Warn about limits of: openai, anthropic, gemini, ollama, llama.cpp.
          -h, --help              Show this help.

        EXIT STATUS:
          0  generated (warnings may have been printed)
          1  the schema has errors; nothing was generated
          2  bad usage or an unreadable file
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: CommandLineArguments
        do {
            parsed = try CommandLineArguments(
                arguments, flags: ["--help", "-h"],
                valued: ["--namespace", "--type-name", "--access", "--draft", "--lint"])
        } catch {
            Terminal.error("quarry generate: \(error)\n\n" + usage)
            return ExitCode.usage
        }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            print(usage)
            return ExitCode.success
        }
        guard parsed.positional.count == 1, let path = parsed.positional.first else {
            Terminal.error("quarry generate: expected one schema file\n\n" + usage)
            return ExitCode.usage
        }
        var options = GeneratorOptions(namespace: parsed.value("--namespace"), typeName: parsed.value("--type-name"))
        if let access = parsed.value("--access") {
            guard let level = GeneratorOptions.AccessLevel(rawValue: access) else {
                Terminal.error("quarry generate: --access must be public or internal")
                return ExitCode.usage
            }
            options.accessLevel = level
        }
        if let draftName = parsed.value("--draft") {
            guard let draft = Draft(name: draftName) else {
                Terminal.error("quarry generate: unknown draft '\(draftName)'; use 2020-12, 2019-09, 7, 6 or 4")
                return ExitCode.usage
            }
            options.defaultDraft = draft
        }
        for name in (parsed.value("--lint") ?? "").split(separator: ",") {
            guard let profile = ProviderProfile(named: String(name)) else {
                Terminal.error("quarry generate: unknown provider '\(name)' for --lint")
                return ExitCode.usage
            }
            options.lintedProviders.append(profile)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            Terminal.error("quarry generate: cannot read \(path) as UTF-8 text")
            return ExitCode.usage
        }
        let generated = QuarryGenerator.generate(path: path, text: text, options: options)
        for diagnostic in generated.diagnostics { Terminal.error(diagnostic.description) }
        guard let source = generated.source, !generated.hasErrors else { return ExitCode.failure }
        print(source, terminator: "")
        return ExitCode.success
    }
}
