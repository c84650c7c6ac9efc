import Foundation
import QuarryEvals
import QuarrySchema

/// `quarry diff <old> <new>`: the changes between two versions of a schema, breaking or
/// compatible for consumers of extracted data.
enum DiffCommand {
    static let usage = """
        USAGE: quarry diff <old-schema> <new-schema> [--format text|json]

        Lists every change between two versions of a schema with the JSON pointer of the field
        it affects and of the changed keyword, classified for consumers of extracted data:
        breaking (a field removed or newly required or no longer required, a type narrowed,
        widened or changed, an enum member removed or added, a constraint tightened, extra
        properties forbidden) or compatible (an optional field added, a constraint loosened,
        a description changed).

        OPTIONS:
          --format text|json      Output format (default text).
          -h, --help              Show this help.

        EXIT STATUS:
          0  no breaking change
          1  at least one breaking change
          2  bad usage, an unreadable file or a malformed schema
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: CommandLineArguments
        do {
            parsed = try CommandLineArguments(arguments, flags: ["--help", "-h"], valued: ["--format"])
        } catch {
            Terminal.error("quarry diff: \(error)\n\n" + usage)
            return ExitCode.usage
        }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            print(usage)
            return ExitCode.success
        }
        guard parsed.positional.count == 2 else {
            Terminal.error("quarry diff: expected an old and a new schema file\n\n" + usage)
            return ExitCode.usage
        }
        let format: String
        do {
            format = try parsed.choice("--format", among: ["text": "text", "json": "json"]) ?? "text"
        } catch {
            Terminal.error("quarry diff: \(error)")
            return ExitCode.usage
        }
        var documents: [JSONValue] = []
        for path in parsed.positional {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                Terminal.error("\(path): error: cannot read the file")
                return ExitCode.usage
            }
            do {
                documents.append(try Schema(text: text, file: path).document)
            } catch {
                Terminal.error("\(error)")
                return ExitCode.usage
            }
        }
        let diff = SchemaDiff(old: documents[0], new: documents[1])
        let breaking = diff.breakingChanges.count
        if format == "json" {
            let value: JSONValue = [
                "breaking": .number(JSONNumber(breaking)),
                "compatible": .number(JSONNumber(diff.changes.count - breaking)),
                "changes": .array(
                    diff.changes.map { change in
                        [
                            "kind": .string(change.kind.rawValue), "breaking": .bool(change.isBreaking),
                            "path": .string(change.instancePath), "message": .string(change.message),
                            "old_location": change.oldLocation.map { .string($0.description) } ?? .null,
                            "new_location": change.newLocation.map { .string($0.description) } ?? .null,
                        ]
                    }),
            ]
            print(value.serialized(pretty: true))
        } else {
            for change in diff.changes { print(change.description) }
            print(
                diff.changes.isEmpty
                    ? "quarry diff: no changes"
                    : "quarry diff: \(breaking) breaking, \(diff.changes.count - breaking) compatible change(s)")
        }
        return breaking > 0 ? ExitCode.failure : ExitCode.success
    }
}
