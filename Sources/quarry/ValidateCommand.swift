import Foundation
import QuarrySchema

/// `quarry validate <schema> <instance>...`: validates documents against a schema.
enum ValidateCommand {
    static let usage = """
        USAGE: quarry validate <schema> <instance>... [options]

        Validates each JSON instance file against the JSON Schema file and prints one line
        per error:  <file>: <instance pointer>: <message> [<keyword location>]

        OPTIONS:
          --format text|json      Output format (default text). json prints the JSON Schema
                                  "basic" output for every instance.
          --draft 2020-12|2019-09|7|6|4
                                  Dialect of a schema without "$schema" (default 2020-12).
          --map URL-PREFIX=DIR    Serve $refs under URL-PREFIX from files in DIR (repeatable).
                                  Nothing is ever fetched over the network.
          --assert-format         Treat "format" as an assertion, not an annotation.
          --first-error           Stop at the first error of each instance.
          -h, --help              Show this help.

        EXIT STATUS:
          0  every instance is valid
          1  at least one instance is invalid (or is not JSON)
          2  bad usage, an unreadable file, or a malformed schema
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: CommandLineArguments
        do {
            parsed = try CommandLineArguments(
                arguments, flags: ["--assert-format", "--first-error", "--help", "-h"],
                valued: ["--format", "--draft", "--map"])
        } catch {
            Terminal.error("quarry validate: \(error)\n\n" + usage)
            return ExitCode.usage
        }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            print(usage)
            return ExitCode.success
        }
        guard parsed.positional.count >= 2 else {
            Terminal.error("quarry validate: expected a schema file and at least one instance file\n\n" + usage)
            return ExitCode.usage
        }
        let format: String
        do {
            format = try parsed.choice("--format", among: ["text": "text", "json": "json"]) ?? "text"
        } catch {
            Terminal.error("quarry validate: \(error)")
            return ExitCode.usage
        }
        var options = SchemaOptions()
        if let draftName = parsed.value("--draft") {
            guard let draft = Draft(name: draftName) else {
                Terminal.error("quarry validate: unknown draft '\(draftName)'; use 2020-12, 2019-09, 7, 6 or 4")
                return ExitCode.usage
            }
            options.defaultDraft = draft
        }
        options.assertsFormat = parsed.flags.contains("--assert-format")
        options.stopsAtFirstError = parsed.flags.contains("--first-error")
        var resolvers: [any SchemaResolver] = []
        for mapping in parsed.options["--map"] ?? [] {
            guard let equals = mapping.firstIndex(of: "=") else {
                Terminal.error("quarry validate: --map expects URL-PREFIX=DIR, got '\(mapping)'")
                return ExitCode.usage
            }
            resolvers.append(
                DirectorySchemaResolver(
                    prefix: String(mapping[..<equals]), directory: String(mapping[mapping.index(after: equals)...])))
        }
        if !resolvers.isEmpty { options.resolver = ChainedSchemaResolver(resolvers) }

        let schemaPath = parsed.positional[0]
        let schema: Schema
        do {
            schema = try Schema(contentsOfFile: schemaPath, options: options)
        } catch let error as SchemaError {
            Terminal.error(error.description)
            return ExitCode.usage
        } catch {
            Terminal.error("\(schemaPath): error: cannot read the schema: \(error.localizedDescription)")
            return ExitCode.usage
        }

        var status = ExitCode.success
        var reports: [JSONValue] = []
        for path in parsed.positional.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                Terminal.error("\(path): error: cannot read the file")
                status = ExitCode.usage
                continue
            }
            let instance: JSONValue
            do {
                instance = try JSONValue(parsing: data)
            } catch {
                if format == "json" {
                    reports.append([
                        "instance": .string(path), "valid": false, "error": .string("not valid JSON: \(error)"),
                    ])
                } else {
                    print("\(path):\(error.line):\(error.column): not valid JSON: \(error.message)")
                }
                if status == ExitCode.success { status = ExitCode.failure }
                continue
            }
            let result = schema.validate(instance)
            if !result.isValid, status == ExitCode.success { status = ExitCode.failure }
            if format == "json" {
                var report = result.basicOutput.objectValue ?? JSONObject()
                report["instance"] = .string(path)
                reports.append(.object(report))
            } else if result.isValid {
                print("\(path): valid")
            } else {
                for error in result.errors {
                    print("\(path): \(error.displayedInstanceLocation): \(error.message) [\(error.keywordLocation)]")
                }
            }
        }
        if format == "json" { print(JSONValue.array(reports).serialized(pretty: true)) }
        return status
    }
}
