import Foundation
import Quarry
import QuarrySchema

/// `quarry extract <schema> <input>`: extracts a value valid against the schema from a text.
enum ExtractCommand {
    static let usage = """
        USAGE: quarry extract <schema> <input> [options]

        Extracts a JSON value that is valid against the schema from the input text file ('-'
        reads standard input). Prints the value on stdout and a one-line summary (attempts,
        tokens, cost, latency) on stderr.

        With no --provider and no API key in the environment, uses the local model (started
        when needed by scripts/local-model), or replays the recorded cassette beside the schema
        (examples/<name>.cassette.json) when the local model cannot run here.

        OPTIONS:
          --provider NAME         \(ProviderCatalog.names.joined(separator: ", ")), or replay
          --model NAME            The model (default depends on the provider).
          --base-url URL          Override the provider's base URL.
          --mode constrained|prompt-only
                                  How the schema reaches the model (default: constrained
                                  where the provider supports it).
          --max-attempts N        Model calls including corrections (default 3).
          --max-tokens N          Output-token limit of a request (default 2048).
          --deadline SECONDS      Time for the whole extraction, retries included (default
                                  120; 0 for none).
          --shaping auto|off      Adapt requests to grammar decoders: array caps, notes on
                                  the constraints they ignore (default auto: for local
                                  grammar decoders only).
          --truncation auto|retry|recover
                                  A cut-off reply: retry once with a larger limit, or recover
                                  what it holds (default auto: recover when shaped).
          --corrections auto|detailed|concise
                                  How corrections are worded (default auto: concise when shaped).
          --reask-parts auto|on|off
                                  Ask a correction for the failing part of the reply only (the
                                  missing fields, or the failing subtree) and merge it back
                                  (default off; auto: when shaped).
          --restart-cut-offs auto|on|off
                                  After a cut-off reply that lacks only what the decoder
                                  enforces, send the first request again with a note on the
                                  loop and the loop capped, instead of a correction (default
                                  off; auto: when shaped and constrained).
          --continue-cut-offs auto|on|off
                                  After a reply stopped in a loop that lacks only what the rest
                                  of the document supplies, let the model continue it from where
                                  it looped, under a grammar for the rest, instead of a
                                  correction (default auto: with a compiled grammar, and
                                  never on the last attempt).
          --loop-stop auto|on|off Stream replies and stop one that repeats itself (default
                                  auto: when shaped; servers that stream only).
          --compile-grammar auto|on|off
                                  Send llama.cpp's server a GBNF grammar Quarry compiles from
                                  the schema: compact JSON, cents for multipleOf 0.01 (default
                                  auto: for the local provider; on: for any server that takes
                                  a `grammar` field).
          --instructions FILE     The system prompt's instructions, from a UTF-8 text file
                                  (default: Quarry's standard instructions).
          --cassette FILE         The cassette to replay (with --provider replay).
          --record FILE           Record every exchange into this cassette.
          -h, --help              Show this help.

        EXIT STATUS:
          0  a valid value was extracted
          1  extraction failed (the error says why)
          2  bad usage, unreadable file or malformed schema
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let parsed: CommandLineArguments
        do {
            parsed = try CommandLineArguments(
                arguments, flags: ["--help", "-h"],
                valued: [
                    "--provider", "--model", "--base-url", "--mode", "--max-attempts", "--cassette", "--record",
                    "--max-tokens", "--shaping", "--truncation", "--corrections", "--loop-stop", "--reask-parts",
                    "--compile-grammar", "--restart-cut-offs", "--continue-cut-offs", "--instructions",
                    "--deadline",
                ])
        } catch {
            Terminal.error("quarry extract: \(error)\n\n" + usage)
            return ExitCode.usage
        }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            print(usage)
            return ExitCode.success
        }
        guard parsed.positional.count == 2 else {
            Terminal.error("quarry extract: expected a schema file and an input file\n\n" + usage)
            return ExitCode.usage
        }
        let schemaPath = parsed.positional[0]
        let inputPath = parsed.positional[1]
        let schema: Schema
        do {
            schema = try Schema(contentsOfFile: schemaPath)
        } catch {
            Terminal.error("\(error)")
            return ExitCode.usage
        }
        let inputData =
            inputPath == "-"
            ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: inputPath)
        guard let inputData, let input = String(data: inputData, encoding: .utf8) else {
            Terminal.error("\(inputPath): error: cannot read the input as UTF-8 text")
            return ExitCode.usage
        }
        let name = SchemaName.derive(fromPath: schemaPath)
        var prompt = ExtractionPrompt.standard
        if let path = parsed.value("--instructions") {
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !text.isEmpty
            else {
                Terminal.error("\(path): error: cannot read the instructions as non-empty UTF-8 text")
                return ExitCode.usage
            }
            prompt = ExtractionPrompt(instructions: text)
        }

        var policy = ExtractionPolicy()
        if let attempts = parsed.value("--max-attempts") {
            guard let count = Int(attempts), count >= 1 else {
                Terminal.error("quarry extract: --max-attempts must be a positive integer")
                return ExitCode.usage
            }
            policy.maximumAttempts = count
        }
        if let tokens = parsed.value("--max-tokens") {
            guard let count = Int(tokens), count >= 1 else {
                Terminal.error("quarry extract: --max-tokens must be a positive integer")
                return ExitCode.usage
            }
            policy.maximumOutputTokens = count
        }
        if let text = parsed.value("--deadline") {
            guard let seconds = Int(text), seconds >= 0 else {
                Terminal.error("quarry extract: --deadline must be a whole number of seconds (0 for none)")
                return ExitCode.usage
            }
            policy.deadline = seconds == 0 ? nil : .seconds(seconds)
        }
        do {
            policy.mode =
                try parsed.choice(
                    "--mode", among: ["constrained": .constrained, "prompt-only": .promptOnly]
                ) ?? policy.mode
            policy.shaping = try parsed.choice("--shaping", among: ["auto": .automatic, "off": .off]) ?? policy.shaping
            policy.truncation =
                try parsed.choice(
                    "--truncation", among: ["auto": .automatic, "retry": .retryWithLargerLimit, "recover": .recover]
                ) ?? policy.truncation
            policy.correctionStyle =
                try parsed.choice(
                    "--corrections", among: ["auto": .automatic, "detailed": .detailed, "concise": .concise])
                ?? policy.correctionStyle
            policy.loopStopping =
                try parsed.choice(
                    "--loop-stop", among: ["auto": .automatic, "on": .detector(RepetitionDetector()), "off": .off]
                ) ?? policy.loopStopping
            policy.partialReasking =
                try parsed.choice("--reask-parts", among: ["auto": .automatic, "on": .on, "off": .off])
                ?? policy.partialReasking
            policy.cutOffRestarting =
                try parsed.choice("--restart-cut-offs", among: ["auto": .automatic, "on": .on, "off": .off])
                ?? policy.cutOffRestarting
            policy.cutOffContinuation =
                try parsed.choice("--continue-cut-offs", among: ["auto": .automatic, "on": .on, "off": .off])
                ?? policy.cutOffContinuation
            policy.grammarCompilation =
                try parsed.choice("--compile-grammar", among: ["auto": .automatic, "on": .on, "off": .off])
                ?? policy.grammarCompilation
        } catch {
            Terminal.error("quarry extract: \(error)")
            return ExitCode.usage
        }

        let selection: ProviderSelection
        do {
            selection = try ProviderSelection.resolve(parsed, schemaPath: schemaPath, name: name)
        } catch {
            Terminal.error("quarry extract: \(error)")
            return ExitCode.usage
        }
        if let note = selection.note { Terminal.error("quarry: \(note)") }

        let quarry = Quarry(provider: selection.provider, policy: policy, prompt: prompt)
        let started = Date()
        do {
            let result = try await quarry.extract(input, schema: schema, schemaName: name)
            print(result.json.serialized(pretty: true))
            Terminal.error(
                Summary.line(
                    for: result.attempts, usage: result.usage, cost: result.estimatedCost, since: started,
                    provider: selection.label))
            try selection.saveRecording()
            return ExitCode.success
        } catch let error as ExtractionError {
            Terminal.error("quarry extract: \(error)")
            let attempts = error.attempts
            Terminal.error(
                Summary.line(
                    for: attempts, usage: attempts.reduce(.zero) { $0 + $1.usage }, cost: nil, since: started,
                    provider: selection.label))
            try? selection.saveRecording()
            return ExitCode.failure
        } catch {
            Terminal.error("quarry extract: \(error)")
            return ExitCode.failure
        }
    }
}

/// A schema's short name: `invoice` from `invoice.schema.json`.
enum SchemaName {
    static func derive(fromPath path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".json", ".schema"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        let allowed = name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
        return String(allowed.prefix(64))
    }
}

/// The one-line summary printed on stderr.
enum Summary {
    static func line(for attempts: [Attempt], usage: TokenUsage, cost: Double?, since start: Date, provider: String)
        -> String
    {
        let corrections = attempts.filter(\.isCorrection).count
        let seconds = Date().timeIntervalSince(start)
        let costText = cost.map { String(format: "$%.4f", $0) } ?? "cost unknown"
        return
            "quarry: \(attempts.count) attempt\(attempts.count == 1 ? "" : "s") (\(corrections) correction\(corrections == 1 ? "" : "s")), "
            + "\(usage.totalTokens) tokens (\(usage.inputTokens) in, \(usage.outputTokens) out), \(costText), "
            + String(format: "%.2f s", seconds) + ", \(provider)"
    }
}
