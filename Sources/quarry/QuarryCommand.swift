import Foundation

/// The `quarry` command-line tool: a thin shell over the library, one subcommand per file.
@main
struct QuarryCommand {
    static let usage = """
        USAGE: quarry <subcommand> [options]

        SUBCOMMANDS:
          extract     Extract a schema-valid JSON value from a text with a language model.
          validate    Validate JSON documents against a JSON Schema.
          generate    Print the Swift types generated from a JSON Schema.
          eval        Score each schema's cases field by field and gate on the baseline.
          diff        List the breaking and compatible changes between two schema versions.

        Run 'quarry <subcommand> --help' for a subcommand's options.
        """

    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let subcommand = arguments.first else {
            Terminal.error(usage)
            exit(ExitCode.usage)
        }
        arguments.removeFirst()
        switch subcommand {
        case "extract":
            exit(await ExtractCommand.run(arguments))
        case "validate":
            exit(ValidateCommand.run(arguments))
        case "generate":
            exit(GenerateCommand.run(arguments))
        case "eval":
            exit(await EvalCommand.run(arguments))
        case "diff":
            exit(DiffCommand.run(arguments))
        case "--help", "-h", "help":
            print(usage)
            exit(ExitCode.success)
        default:
            Terminal.error("quarry: unknown subcommand '\(subcommand)'\n\n" + usage)
            exit(ExitCode.usage)
        }
    }
}

/// Exit codes shared by the subcommands.
enum ExitCode {
    /// Everything checked out.
    static let success: Int32 = 0
    /// The command ran and found a problem (an invalid document).
    static let failure: Int32 = 1
    /// The command could not run: bad usage, unreadable file or malformed schema.
    static let usage: Int32 = 2
}

/// Writing to the terminal's streams.
enum Terminal {
    /// Writes a line to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
