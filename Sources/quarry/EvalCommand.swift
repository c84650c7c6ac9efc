import Foundation
import Quarry
import QuarryEvals
import QuarrySchema

/// `quarry eval <schemas-dir | schema>`: runs each schema's cases, scores every field, compares
/// with the baseline and applies the gate.
enum EvalCommand {
    static let usage = """
        USAGE: quarry eval <schemas-dir | schema> [options]

        Runs the cases beside each schema (<name>.cases.jsonl), scores every field, compares
        the scores with the baseline (<name>.baseline.json) and fails when a critical field
        regressed on any case or overall accuracy dropped significantly (exact McNemar test on
        per-case pass/fail, one-sided, alpha 0.05). A directory covers every *.schema.json in it
        that has a cases file.

        By default the model replies are replayed from <name>.cases.cassette.json: no network,
        no keys. A request with no recording fails its case (re-record after changing the
        schema, the prompt or a case's input).

        OPTIONS:
          --replay                Replay recorded replies (the default).
          --record                Call a live model and record every reply, replacing the
                                  cassette beside the cases.
          --record-missing        Like --record, but replay what the cassette already holds and
                                  call the model only for the rest. The cassette is saved after
                                  every case, so an interrupted recording resumes where it
                                  stopped; at the end it keeps only what this run used.
          --provider NAME         With --record: \(ProviderCatalog.names.joined(separator: ", "))
                                  (default local: the server of scripts/local-model).
          --model NAME            With --record: the model.
          --base-url URL          With --record: the server.
          --baseline              Compare with <name>.baseline.json (the default).
          --update-baseline       Write <name>.baseline.json from this run instead of gating.
          --report KIND:PATH      Also write a report: json, junit, markdown or html (repeatable).
          --pass-threshold F      The F1 a schema-valid case needs to pass (default 0.8).
          --alpha A               Significance level of the paired test (default 0.05).
          --jobs N                Cases run at once (default 1).
          -h, --help              Show this help.

        EXIT STATUS:
          0  the gate passed (warnings may be printed)
          1  the gate failed: a regression, a case that could not run, or a malformed case line
          2  bad usage, an unreadable or malformed schema, baseline or cassette
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let parsed: CommandLineArguments
        do {
            parsed = try CommandLineArguments(
                arguments,
                flags: [
                    "--help", "-h", "--replay", "--record", "--record-missing", "--update-baseline", "--baseline",
                ],
                valued: ["--provider", "--model", "--base-url", "--report", "--pass-threshold", "--alpha", "--jobs"])
        } catch {
            Terminal.error("quarry eval: \(error)\n\n" + usage)
            return ExitCode.usage
        }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            print(usage)
            return ExitCode.success
        }
        guard parsed.positional.count == 1 else {
            Terminal.error("quarry eval: expected one schema file or directory\n\n" + usage)
            return ExitCode.usage
        }
        let resuming = parsed.flags.contains("--record-missing")
        if (parsed.flags.contains("--record") || resuming) && parsed.flags.contains("--replay") {
            Terminal.error("quarry eval: --record and --replay exclude each other")
            return ExitCode.usage
        }
        if parsed.flags.contains("--baseline") && parsed.flags.contains("--update-baseline") {
            Terminal.error("quarry eval: --baseline and --update-baseline exclude each other")
            return ExitCode.usage
        }
        let recording = parsed.flags.contains("--record") || resuming
        if !recording, let option = ["--provider", "--model", "--base-url"].first(where: { parsed.value($0) != nil }) {
            Terminal.error("quarry eval: \(option) needs --record (replay uses the cassette's provider and model)")
            return ExitCode.usage
        }
        var reports: [ReportRequest] = []
        for text in parsed.options["--report"] ?? [] {
            guard let request = ReportRequest(parsing: text) else {
                Terminal.error(
                    "quarry eval: --report takes json:PATH, junit:PATH, markdown:PATH or html:PATH, not '\(text)'")
                return ExitCode.usage
            }
            reports.append(request)
        }
        guard let threshold = number(parsed, "--pass-threshold", default: 0.8), (0...1).contains(threshold),
            let alpha = number(parsed, "--alpha", default: 0.05), alpha > 0, alpha < 1,
            let jobs = Int(parsed.value("--jobs") ?? "1"), jobs >= 1
        else {
            Terminal.error(
                "quarry eval: --pass-threshold and --alpha take numbers from 0 to 1, --jobs a positive integer")
            return ExitCode.usage
        }

        let suites: [SuitePaths]
        do {
            suites = try SuitePaths.discover(parsed.positional[0])
        } catch {
            Terminal.error("quarry eval: \(error)")
            return ExitCode.usage
        }
        guard !suites.isEmpty else {
            Terminal.error("quarry eval: no *.schema.json with a .cases.jsonl beside it in \(parsed.positional[0])")
            return ExitCode.usage
        }

        var liveBaseURL: String?
        if recording {
            let provider = parsed.value("--provider") ?? "local"
            liveBaseURL = parsed.value("--base-url")
            if provider == "local", liveBaseURL == nil {
                do {
                    liveBaseURL = try LocalModelLauncher.baseURL()
                } catch {
                    Terminal.error("quarry eval: \(error)")
                    return ExitCode.usage
                }
            }
        }

        var reportSuites: [EvalReport.Suite] = []
        var loadErrors: [String] = []
        var status = ExitCode.success
        for paths in suites {
            let suite: EvalSuite
            let baseline: Baseline?
            do {
                suite = try EvalSuite.load(schemaPath: paths.schema)
                baseline = try Baseline.load(path: paths.baseline)
            } catch {
                loadErrors.append("\(error)")
                status = ExitCode.usage
                continue
            }
            let extractor: any EvalExtractor
            var recorder: EvalRecording?
            if recording {
                let providerName = parsed.value("--provider") ?? "local"
                let base = liveBaseURL ?? ProviderCatalog.localModelURL
                var policy = EvalBackend.policy
                policy.deadline = .seconds(900)
                var earlier: Cassette?
                if resuming, FileManager.default.fileExists(atPath: paths.cassette) {
                    do {
                        earlier = try Cassette(contentsOfFile: paths.cassette)
                    } catch {
                        loadErrors.append("\(paths.cassette): \(error)")
                        status = ExitCode.usage
                        continue
                    }
                }
                guard
                    let live = EvalBackend.recording(
                        providerNamed: providerName, model: parsed.value("--model"), baseURL: liveBaseURL,
                        transport: DefaultTransport.forBaseURL(base), policy: policy, resumingFrom: earlier)
                else {
                    Terminal.error("quarry eval: unknown provider '\(providerName)'")
                    return ExitCode.usage
                }
                recorder = live
                extractor = live.extractor
                Terminal.error(
                    "quarry eval: \(suite.name): recording \(suite.cases.count) cases with \(live.extractor.label)")
            } else {
                do {
                    extractor = try EvalBackend.replaying(cassetteAt: paths.cassette)
                } catch {
                    // No cassette: the cases cannot run (1). A malformed one: like a bad file (2).
                    loadErrors.append("\(error)")
                    if case .invalidCassette = error {
                        status = ExitCode.usage
                    } else {
                        status = max(status, ExitCode.failure)
                    }
                    continue
                }
            }
            let total = suite.cases.count
            let counter = ProgressCounter()
            let name = suite.name
            var progress: (@Sendable (CaseResult) -> Void)?
            if recording {
                let saver = recorder.map {
                    CassetteSaver(recording: $0, path: paths.cassette, schema: suite.schema.document)
                }
                progress = { result in
                    // Saved after every case: a killed recording loses at most the cases running.
                    if resuming { saver?.save() }
                    let done = counter.next()
                    var outcome = result.error ?? "F1 \(String(format: "%.2f", result.f1))"
                    if case .failed(let why)? = result.run?.status { outcome += ", no valid reply: \(why.prefix(160))" }
                    Terminal.error("quarry eval: \(name) \(done)/\(total) \(result.id): \(outcome)")
                }
            }
            let runner = EvalRunner(
                extractor: extractor, passThreshold: threshold, concurrency: jobs, progress: progress)
            var result = await runner.run(suite)
            if let recorder {
                do {
                    try recorder.save(
                        to: paths.cassette, omitting: suite.schema.document, keepingOnlyThisRun: resuming)
                    Terminal.error("quarry eval: \(suite.name): wrote \(paths.cassette)")
                    // Check the recording by replaying it: what CI will see. A case whose exchange
                    // failed below HTTP (server gone, deadline) was not recorded and shows here.
                    let replayed = await EvalRunner(
                        extractor: try EvalBackend.replaying(cassetteAt: paths.cassette), passThreshold: threshold
                    ).run(suite)
                    let incomplete = replayed.cases.filter { $0.error != nil }.map(\.id)
                    if !incomplete.isEmpty {
                        Terminal.error(
                            "quarry eval: \(suite.name): \(incomplete.count) case(s) were not recorded completely "
                                + "(the model server failed or the deadline passed): "
                                + incomplete.joined(separator: ", ") + "; record again")
                    }
                    result = replayed
                } catch {
                    Terminal.error("quarry eval: cannot write or replay \(paths.cassette): \(error)")
                    status = ExitCode.failure
                }
            }
            if parsed.flags.contains("--update-baseline") {
                if !result.problems.isEmpty || !result.caseErrors.isEmpty {
                    let verdict = Gate(alpha: alpha).evaluate(result, against: nil)
                    reportSuites.append(EvalReport.Suite(result: result, baseline: nil, verdict: verdict))
                    Terminal.error(
                        "quarry eval: \(suite.name): not writing \(paths.baseline): "
                            + "\(result.problems.count + result.caseErrors.count) case(s) could not be read or run")
                    status = ExitCode.failure
                    continue
                }
                let updated = Baseline(result)
                do {
                    try updated.write(to: paths.baseline)
                    Terminal.error("quarry eval: \(suite.name): wrote \(paths.baseline)")
                } catch {
                    Terminal.error("quarry eval: cannot write \(paths.baseline): \(error)")
                    status = ExitCode.failure
                }
                let verdict = Gate(alpha: alpha).evaluate(result, against: updated)
                reportSuites.append(EvalReport.Suite(result: result, baseline: updated, verdict: verdict))
                continue
            }
            let verdict = Gate(alpha: alpha).evaluate(result, against: baseline)
            reportSuites.append(EvalReport.Suite(result: result, baseline: baseline, verdict: verdict))
        }

        let report = EvalReport(suites: reportSuites, loadErrors: loadErrors)
        print(report.rendered(as: .terminal), terminator: "")
        for request in reports {
            do {
                try Data(report.rendered(as: request.format).utf8).write(
                    to: URL(fileURLWithPath: request.path), options: .atomic)
            } catch {
                Terminal.error("quarry eval: cannot write the \(request.format.rawValue) report to \(request.path)")
                status = max(status, ExitCode.failure)
            }
        }
        if status != ExitCode.success { return status }
        return report.passed ? ExitCode.success : ExitCode.failure
    }

    private static func number(_ parsed: CommandLineArguments, _ name: String, default value: Double) -> Double? {
        guard let text = parsed.value(name) else { return value }
        return Double(text)
    }
}

/// Saves a recording in progress, one save at a time.
final class CassetteSaver: @unchecked Sendable {
    private let lock = NSLock()
    private let recording: EvalRecording
    private let path: String
    private let schema: JSONValue

    init(recording: EvalRecording, path: String, schema: JSONValue) {
        self.recording = recording
        self.path = path
        self.schema = schema
    }

    func save() {
        lock.withLock {
            do {
                try recording.save(to: path, omitting: schema)
            } catch {
                Terminal.error("quarry eval: cannot save \(path) so far: \(error)")
            }
        }
    }
}

/// Counts finished cases for progress lines.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
