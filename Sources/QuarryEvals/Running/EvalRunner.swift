import QuarrySchema

/// Runs a suite's cases through an extractor and scores them.
public struct EvalRunner: Sendable {
    /// Runs the extractions.
    public var extractor: any EvalExtractor
    /// The F1 a valid case needs to pass (default 0.8).
    public var passThreshold: Double
    /// How many cases run at once (default 1; replay is instant, and a local model serves one
    /// request at a time).
    public var concurrency: Int
    /// Called after each case, in completion order (for progress output while recording).
    public var progress: (@Sendable (CaseResult) -> Void)?

    /// Creates a runner.
    public init(
        extractor: any EvalExtractor, passThreshold: Double = 0.8, concurrency: Int = 1,
        progress: (@Sendable (CaseResult) -> Void)? = nil
    ) {
        self.extractor = extractor
        self.passThreshold = passThreshold
        self.concurrency = max(1, concurrency)
        self.progress = progress
    }

    /// Runs every case of the suite, in file order. A case that cannot run is reported in its
    /// result and never stops the others.
    public func run(_ suite: EvalSuite) async -> SuiteResult {
        let cases = suite.cases
        var results = [CaseResult?](repeating: nil, count: cases.count)
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var next = 0
            func start() {
                guard next < cases.count else { return }
                let index = next
                next += 1
                group.addTask { (index, await run(cases[index], in: suite)) }
            }
            for _ in 0..<concurrency { start() }
            while let (index, result) = await group.next() {
                results[index] = result
                progress?(result)
                start()
            }
        }
        return SuiteResult(
            suite: suite, cases: results.compactMap { $0 }, promptHash: extractor.promptHash,
            extractor: extractor.label, passThreshold: passThreshold)
    }

    /// Runs and scores one case.
    public func run(_ evalCase: EvalCase, in suite: EvalSuite) async -> CaseResult {
        let input: String
        let truncation: TruncationRecord?
        do {
            (input, truncation) = try suite.input(for: evalCase)
        } catch {
            return CaseResult(
                evalCase: evalCase, run: nil, outcomes: [], error: error.description, passThreshold: passThreshold)
        }
        let run = await extractor.extract(input, caseID: evalCase.id, suite: suite)
        if case .missingRecording(let detail) = run.status {
            return CaseResult(
                evalCase: evalCase, run: run, truncation: truncation, outcomes: [],
                error:
                    "\(evalCase.source): error: case '\(evalCase.id)' has no recorded reply (\(detail)); the prompt, "
                    + "schema, settings or input changed since recording: re-record with 'quarry eval --record'",
                passThreshold: passThreshold)
        }
        let outcomes = CaseScorer(plan: suite.plan).score(
            expected: evalCase.expected, actual: run.document, isPartial: evalCase.isPartial,
            critical: evalCase.critical)
        return CaseResult(
            evalCase: evalCase, run: run, truncation: truncation, outcomes: outcomes, passThreshold: passThreshold)
    }
}
