/// Correct, wrong, omitted and invented counts, and the precision, recall and F1 they give.
///
/// - precision = correct / (correct + wrong + invented): of the values the model gave, the
///   share that were right;
/// - recall = correct / (correct + wrong + omitted): of the values expected, the share the
///   model got right;
/// - F1 = their harmonic mean.
///
/// A measure whose denominator is zero is `nil` (nothing to measure).
public struct FieldCounts: Sendable, Hashable, Codable {
    /// Fields with the expected value.
    public var correct: Int
    /// Fields with another value.
    public var wrong: Int
    /// Expected fields the reply left out.
    public var omitted: Int
    /// Reply fields that were not expected.
    public var invented: Int

    /// Creates counts.
    public init(correct: Int = 0, wrong: Int = 0, omitted: Int = 0, invented: Int = 0) {
        self.correct = correct
        self.wrong = wrong
        self.omitted = omitted
        self.invented = invented
    }

    /// Counts of a list of outcomes.
    public init(_ outcomes: some Sequence<FieldOutcome>) {
        self.init()
        for outcome in outcomes { add(outcome.result) }
    }

    /// Counts one more result.
    public mutating func add(_ result: FieldResult) {
        switch result {
        case .correct: correct += 1
        case .wrong: wrong += 1
        case .omitted: omitted += 1
        case .invented: invented += 1
        }
    }

    /// All fields counted.
    public var total: Int { correct + wrong + omitted + invented }

    /// correct / (correct + wrong + invented), or `nil` when the model gave no values.
    public var precision: Double? {
        let given = correct + wrong + invented
        return given == 0 ? nil : Double(correct) / Double(given)
    }

    /// correct / (correct + wrong + omitted), or `nil` when nothing was expected.
    public var recall: Double? {
        let expected = correct + wrong + omitted
        return expected == 0 ? nil : Double(correct) / Double(expected)
    }

    /// The harmonic mean of precision and recall; 0 when either is 0, `nil` when both are
    /// undefined, and the defined one when only one is.
    public var f1: Double? {
        switch (precision, recall) {
        case (nil, nil): return nil
        case (let value?, nil), (nil, let value?): return value
        case (let p?, let r?): return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
    }

    /// The sum of two counts.
    public static func + (lhs: FieldCounts, rhs: FieldCounts) -> FieldCounts {
        FieldCounts(
            correct: lhs.correct + rhs.correct, wrong: lhs.wrong + rhs.wrong, omitted: lhs.omitted + rhs.omitted,
            invented: lhs.invented + rhs.invented)
    }
}
