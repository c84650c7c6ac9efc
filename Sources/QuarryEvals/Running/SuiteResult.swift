import Quarry
import QuarrySchema

/// The scores of one field across all cases of a suite.
public struct FieldScore: Sendable, Hashable {
    /// The field, with `*` for array elements (`/line_items/*/amount`).
    public var field: String
    /// Its counts over every case.
    public var counts: FieldCounts
    /// Whether it is critical in any case.
    public var isCritical: Bool
    /// How it is compared.
    public var comparison: String

    /// Creates a field score.
    public init(field: String, counts: FieldCounts, isCritical: Bool, comparison: String) {
        self.field = field
        self.counts = counts
        self.isCritical = isCritical
        self.comparison = comparison
    }
}

/// A suite's run: every case's result and the totals.
public struct SuiteResult: Sendable {
    /// The schema's short name.
    public var name: String
    /// The files.
    public var paths: SuitePaths
    /// The canonical hash of the schema.
    public var schemaHash: String
    /// The schema document, kept so a baseline can name later schema changes.
    public var schemaDocument: JSONValue
    /// The hash of the prompt instructions.
    public var promptHash: String
    /// The extractor's `provider/model` label.
    public var extractor: String
    /// Case results, in file order.
    public var cases: [CaseResult]
    /// Case-file lines that could not be read.
    public var problems: [CaseFileProblem]
    /// `x-eval` annotations that could not be understood.
    public var planProblems: [String]
    /// The F1 a valid case needs to pass.
    public var passThreshold: Double

    /// Creates a result.
    public init(
        suite: EvalSuite, cases: [CaseResult], promptHash: String, extractor: String, passThreshold: Double
    ) {
        name = suite.name
        paths = suite.paths
        schemaHash = suite.schema.canonicalHash
        schemaDocument = suite.schema.document
        self.promptHash = promptHash
        self.extractor = extractor
        self.cases = cases
        problems = suite.caseFile.problems
        planProblems = suite.plan.problems
        self.passThreshold = passThreshold
    }

    /// The model that answered: `provider/model` of the first case that reached one.
    public var model: String {
        guard let run = cases.lazy.compactMap(\.run).first(where: { !$0.provider.isEmpty }) else { return extractor }
        return "\(run.provider)/\(run.model)"
    }

    /// The cases that ran and were scored.
    public var scoredCases: [CaseResult] { cases.filter { $0.error == nil } }

    /// Why cases could not run (missing input files, missing recordings), one sentence each.
    public var caseErrors: [String] { cases.compactMap(\.error) }

    /// Counts over every field of every scored case.
    public var counts: FieldCounts { scoredCases.reduce(FieldCounts()) { $0 + $1.counts } }

    /// Scored cases that passed.
    public var passedCount: Int { scoredCases.filter(\.passed).count }

    /// Scored cases whose extraction was valid against the schema.
    public var validCount: Int { scoredCases.filter(\.isValid).count }

    /// The share of scored cases with a schema-valid extraction, or `nil` with none scored.
    public var validityRate: Double? {
        scoredCases.isEmpty ? nil : Double(validCount) / Double(scoredCases.count)
    }

    /// The mean number of model calls per scored case.
    public var meanAttempts: Double? {
        let runs = scoredCases.compactMap(\.run)
        return runs.isEmpty ? nil : Double(runs.reduce(0) { $0 + $1.attempts }) / Double(runs.count)
    }

    /// Tokens over every case.
    public var usage: TokenUsage { cases.compactMap(\.run).reduce(TokenUsage.zero) { $0 + $1.usage } }

    /// Estimated cost over every case, or `nil` when a model has no price.
    public var cost: Double? {
        var total = 0.0
        for run in cases.compactMap(\.run) {
            guard let cost = run.cost else { return nil }
            total += cost
        }
        return total
    }

    /// Per-field scores, worst first: lowest F1, then most mistakes, then by name.
    public var fieldScores: [FieldScore] {
        var counts: [String: FieldCounts] = [:]
        var critical: Set<String> = []
        var comparison: [String: String] = [:]
        var order: [String] = []
        for outcome in scoredCases.flatMap(\.outcomes) {
            if counts[outcome.field] == nil { order.append(outcome.field) }
            counts[outcome.field, default: FieldCounts()].add(outcome.result)
            if outcome.isCritical { critical.insert(outcome.field) }
            comparison[outcome.field] = comparison[outcome.field] ?? outcome.comparison
        }
        let scores = order.map { field in
            FieldScore(
                field: field, counts: counts[field] ?? FieldCounts(), isCritical: critical.contains(field),
                comparison: comparison[field] ?? "")
        }
        return scores.sorted { lhs, rhs in
            let left = lhs.counts.f1 ?? 1
            let right = rhs.counts.f1 ?? 1
            if left != right { return left < right }
            let leftMistakes = lhs.counts.total - lhs.counts.correct
            let rightMistakes = rhs.counts.total - rhs.counts.correct
            if leftMistakes != rightMistakes { return leftMistakes > rightMistakes }
            return lhs.field < rhs.field
        }
    }
}
