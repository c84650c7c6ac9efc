import QuarrySchema

/// One case's run and scores.
public struct CaseResult: Sendable, Hashable {
    /// The case.
    public var evalCase: EvalCase
    /// The extraction, or `nil` when the case could not run (its input file is missing).
    public var run: CaseRun?
    /// How the input was cut, when it was.
    public var truncation: TruncationRecord?
    /// Every scored field, in document order.
    public var outcomes: [FieldOutcome]
    /// Why the case could not be run or scored (a missing input file or recording), if so.
    public var error: String?
    /// The F1 a case needs (with a valid extraction) to pass.
    public var passThreshold: Double

    /// Creates a result.
    public init(
        evalCase: EvalCase, run: CaseRun?, truncation: TruncationRecord? = nil, outcomes: [FieldOutcome],
        error: String? = nil, passThreshold: Double
    ) {
        self.evalCase = evalCase
        self.run = run
        self.truncation = truncation
        self.outcomes = outcomes
        self.error = error
        self.passThreshold = passThreshold
    }

    /// The case's identifier.
    public var id: String { evalCase.id }

    /// The counts over the case's fields.
    public var counts: FieldCounts { FieldCounts(outcomes) }

    /// The case's F1 over all its fields; 1 when nothing was scored.
    public var f1: Double { counts.f1 ?? 1 }

    /// Whether the extraction produced a schema-valid value.
    public var isValid: Bool { run?.isValid ?? false }

    /// Whether the case passes: it ran, the extraction was valid, and its F1 is at least
    /// ``passThreshold``. The gate's paired test compares this between baseline and run.
    public var passed: Bool { error == nil && isValid && f1 >= passThreshold }

    /// The fields that were not correct.
    public var mistakes: [FieldOutcome] { outcomes.filter { $0.result != .correct } }

    /// The critical fields that were not correct.
    public var criticalMistakes: [FieldOutcome] { mistakes.filter(\.isCritical) }
}
