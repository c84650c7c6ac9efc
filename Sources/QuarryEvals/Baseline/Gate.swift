import QuarrySchema

/// Compares a run with its baseline and decides whether CI passes.
///
/// The run **fails** when:
/// - a critical field (named in a case's `critical` list, or `"x-eval": {"critical": true}` in
///   the schema) was correct in the baseline and is not now, on any case;
/// - more cases fail than before, significantly by the one-sided exact ``McNemarTest`` on
///   per-case pass/fail at ``alpha`` (default 0.05);
/// - a case could not run (a missing recording or input file) or a case line is malformed.
///
/// It **warns** when the schema hash, the prompt hash or the model differs from the baseline
/// (listing the schema changes when the baseline kept the old schema), when cases were added
/// or removed, and when there is no baseline at all (then nothing is compared).
public struct Gate: Sendable {
    /// The significance level of the paired test.
    public var alpha: Double

    /// Creates a gate.
    public init(alpha: Double = 0.05) {
        self.alpha = alpha
    }

    /// The verdict on `result` against `baseline` (`nil`: no baseline yet).
    public func evaluate(_ result: SuiteResult, against baseline: Baseline?) -> GateVerdict {
        var verdict = GateVerdict()
        for problem in result.problems { verdict.failures.append(problem.description) }
        for error in result.caseErrors { verdict.failures.append(error) }
        for problem in result.planProblems { verdict.warnings.append("\(result.paths.schema): x-eval: \(problem)") }
        guard let baseline else {
            verdict.warnings.append(
                "no baseline at \(result.paths.baseline); nothing was compared (write one with --update-baseline)")
            return verdict
        }
        if baseline.schemaHash != result.schemaHash {
            verdict.schemaChanged = true
            if let old = baseline.schemaDocument {
                verdict.schemaChanges = SchemaDiff(old: old, new: result.schemaDocument).changes
            }
            let summary =
                verdict.schemaChanges.isEmpty
                ? ""
                : " (\(verdict.schemaChanges.filter(\.isBreaking).count) breaking of \(verdict.schemaChanges.count) changes)"
            verdict.warnings.append(
                "the schema changed since the baseline\(summary): hash \(baseline.schemaHash.prefix(12)) -> "
                    + "\(result.schemaHash.prefix(12))")
        }
        if baseline.promptHash != result.promptHash {
            verdict.warnings.append(
                "the prompt changed since the baseline: hash \(baseline.promptHash.prefix(12)) -> \(result.promptHash.prefix(12))"
            )
        }
        if baseline.model != result.model {
            verdict.warnings.append("the baseline was made with \(baseline.model), this run used \(result.model)")
        }
        var regressions = 0
        var improvements = 0
        var seen: Set<String> = []
        for caseResult in result.scoredCases {
            seen.insert(caseResult.id)
            guard let before = baseline.baselineCase(caseResult.id) else {
                verdict.newCases.append(caseResult.id)
                continue
            }
            if before.passed && !caseResult.passed { regressions += 1 }
            if !before.passed && caseResult.passed { improvements += 1 }
            verdict.criticalRegressions += Self.criticalRegressions(of: caseResult, against: before)
        }
        verdict.removedCases = baseline.cases.map(\.id).filter {
            !seen.contains($0) && !result.cases.map(\.id).contains($0)
        }
        if !verdict.newCases.isEmpty {
            verdict.warnings.append(
                "\(verdict.newCases.count) case(s) not in the baseline: \(verdict.newCases.joined(separator: ", "))")
        }
        if !verdict.removedCases.isEmpty {
            verdict.warnings.append(
                "\(verdict.removedCases.count) baseline case(s) no longer run: \(verdict.removedCases.joined(separator: ", "))"
            )
        }
        let test = McNemarTest(regressions: regressions, improvements: improvements, alpha: alpha)
        verdict.pairedTest = test
        for regression in verdict.criticalRegressions {
            verdict.failures.append(
                "critical field \(regression.pointer) regressed on case '\(regression.caseID)': correct in the baseline, "
                    + "\(regression.now.result.rawValue) now" + Self.detail(regression.now))
        }
        if test.isSignificant {
            verdict.failures.append(
                "overall accuracy dropped: \(regressions) case(s) newly failing, \(improvements) newly passing "
                    + "(exact McNemar p = \(LeafComparison.format(test.pValue)) < \(LeafComparison.format(alpha)))")
        }
        var baselineCounts = baseline.fields
        for score in result.fieldScores {
            guard let before = baselineCounts.removeValue(forKey: score.field), let old = before.f1,
                let new = score.counts.f1, new < old
            else { continue }
            verdict.fieldRegressions.append(FieldRegression(field: score.field, before: old, now: new))
        }
        return verdict
    }

    /// The critical fields of a case that were correct in its baseline entry and are not now.
    public static func criticalRegressions(of caseResult: CaseResult, against before: Baseline.Case)
        -> [CriticalRegression]
    {
        caseResult.outcomes.filter { outcome in
            outcome.isCritical && outcome.result != .correct && before.fields[outcome.pointer.description] == .correct
        }.map { CriticalRegression(caseID: caseResult.id, pointer: $0.pointer, now: $0) }
    }

    private static func detail(_ outcome: FieldOutcome) -> String {
        let expected = outcome.expected.map { $0.serialized() } ?? "nothing"
        let actual = outcome.actual.map { $0.serialized() } ?? "nothing"
        return " (expected \(expected.prefix(60)), got \(actual.prefix(60)))"
    }
}

/// What the gate decided, and why.
public struct GateVerdict: Sendable {
    /// Sentences saying why the run fails; empty when it passes.
    public var failures: [String] = []
    /// Sentences worth reading that do not fail the run.
    public var warnings: [String] = []
    /// Critical fields that were correct in the baseline and are not now.
    public var criticalRegressions: [CriticalRegression] = []
    /// The paired test on per-case pass/fail, when there was a baseline.
    public var pairedTest: McNemarTest?
    /// Whether the schema hash differs from the baseline's.
    public var schemaChanged = false
    /// The schema changes since the baseline, when the baseline kept its schema.
    public var schemaChanges: [SchemaChange] = []
    /// Fields whose F1 fell since the baseline (for reports; they do not fail the run alone).
    public var fieldRegressions: [FieldRegression] = []
    /// Cases run now that the baseline does not have.
    public var newCases: [String] = []
    /// Baseline cases no longer run.
    public var removedCases: [String] = []

    /// Creates an empty (passing) verdict.
    public init() {}

    /// Whether the run passes the gate.
    public var passed: Bool { failures.isEmpty }
}

/// A critical field that was correct in the baseline and is not now.
public struct CriticalRegression: Sendable, Hashable {
    /// The case.
    public var caseID: String
    /// The field.
    public var pointer: JSONPointer
    /// The field's outcome now.
    public var now: FieldOutcome

    /// Creates a regression.
    public init(caseID: String, pointer: JSONPointer, now: FieldOutcome) {
        self.caseID = caseID
        self.pointer = pointer
        self.now = now
    }
}

/// A field whose F1 over all cases fell since the baseline.
public struct FieldRegression: Sendable, Hashable {
    /// The field.
    public var field: String
    /// Its F1 in the baseline.
    public var before: Double
    /// Its F1 now.
    public var now: Double

    /// Creates a field regression.
    public init(field: String, before: Double, now: Double) {
        self.field = field
        self.before = before
        self.now = now
    }
}
