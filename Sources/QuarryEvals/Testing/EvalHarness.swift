/// Runs a schema's evals case by case, for test frameworks: each eval case becomes one test.
///
/// With Swift Testing, a parameterized test shows every case by its identifier:
///
/// ```swift
/// import QuarryEvals
/// import Testing
///
/// let invoiceEvals = try EvalHarness.replaying(schemaAt: "schemas/invoice.schema.json")
///
/// @Test(arguments: invoiceEvals.cases)
/// func invoice(_ evalCase: EvalCase) async {
///     let check = await invoiceEvals.check(evalCase)
///     #expect(!check.isRegression, "\(check.message)")
/// }
/// ```
///
/// A case *regresses* when it could not run, when a critical field that was correct in the
/// baseline is not, or when it passed in the baseline and fails now. A case that fails as it
/// did in the baseline is not a regression (``EvalCheck/status`` still says it fails), so the
/// test suite stays green until something gets worse. The whole-suite paired test (McNemar)
/// is the ``Gate``'s job; `quarry eval` applies it.
public struct EvalHarness: Sendable {
    /// The schema and its cases.
    public let suite: EvalSuite
    /// The committed baseline, if any.
    public let baseline: Baseline?
    /// Runs the extractions.
    public let runner: EvalRunner

    /// Creates a harness from parts.
    public init(suite: EvalSuite, baseline: Baseline?, extractor: any EvalExtractor, passThreshold: Double? = nil) {
        self.suite = suite
        self.baseline = baseline
        self.runner = EvalRunner(extractor: extractor, passThreshold: passThreshold ?? baseline?.passThreshold ?? 0.8)
    }

    /// A harness that replays the recorded cassette beside the schema's cases and compares with
    /// the committed baseline: offline, with no keys.
    public static func replaying(schemaAt path: String) throws(EvalError) -> EvalHarness {
        let suite = try EvalSuite.load(schemaPath: path)
        let baseline = try Baseline.load(path: suite.paths.baseline)
        let extractor = try EvalBackend.replaying(cassetteAt: suite.paths.cassette)
        return EvalHarness(suite: suite, baseline: baseline, extractor: extractor)
    }

    /// The cases, in file order: the arguments of a parameterized test.
    public var cases: [EvalCase] { suite.cases }

    /// Lines of the cases file that could not be read (each is a failure of the suite).
    public var problems: [CaseFileProblem] { suite.caseFile.problems }

    /// Runs one case and compares it with its baseline entry.
    public func check(_ evalCase: EvalCase) async -> EvalCheck {
        let result = await runner.run(evalCase, in: suite)
        let before = baseline?.baselineCase(evalCase.id)
        let regressions = before.map { Gate.criticalRegressions(of: result, against: $0) } ?? []
        var verdict = GateVerdict()
        verdict.criticalRegressions = regressions
        let report = EvalReport.Suite(
            result: SuiteResult(
                suite: suite, cases: [result], promptHash: runner.extractor.promptHash,
                extractor: runner.extractor.label, passThreshold: runner.passThreshold),
            baseline: baseline, verdict: verdict)
        return EvalCheck(result: result, status: report.status(of: result))
    }
}

/// One case's run, judged against the baseline.
public struct EvalCheck: Sendable {
    /// The run and its scores.
    public let result: CaseResult
    /// How the case fared.
    public let status: EvalReport.CaseStatus

    /// Creates a check.
    public init(result: CaseResult, status: EvalReport.CaseStatus) {
        self.result = result
        self.status = status
    }

    /// Whether the case got worse than the baseline or could not run.
    public var isRegression: Bool {
        switch status {
        case .regressed, .error: return true
        case .passed, .failing: return false
        }
    }

    /// A sentence for a test failure: the status, the F1 and the mistakes.
    public var message: String {
        let head: String
        switch status {
        case .passed: head = "passed"
        case .failing(let why): head = "fails: \(why)"
        case .regressed(let why): head = "REGRESSED: \(why)"
        case .error(let why): head = "could not run: \(why)"
        }
        let mistakes = result.mistakes.prefix(8).map {
            "\($0.pointer): \($0.result.rawValue) (expected \(ReportText.value($0.expected, limit: 50)), "
                + "got \(ReportText.value($0.actual, limit: 50)))"
        }
        return
            ([
                "\(result.evalCase.source) case '\(result.id)' \(head); F1 \(ReportText.decimal(result.f1, places: 2))"
            ] + mistakes).joined(separator: "\n  ")
    }
}
