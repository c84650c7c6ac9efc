import QuarrySchema

/// What happened to one field of one case.
public enum FieldResult: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The reply has the expected value (or, for a field expected to be null or empty, none).
    case correct
    /// The reply has a value, and it is not the expected one (or not even of the same type).
    case wrong
    /// The field was expected, and the reply has no value for it (absent or null).
    case omitted
    /// The reply has a value the expected document does not: made up.
    case invented

    /// Orders results from best to worst for reports: correct, wrong, omitted, invented.
    public static func < (lhs: FieldResult, rhs: FieldResult) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// The judgement of one leaf field of one case.
public struct FieldOutcome: Sendable, Hashable {
    /// Where the field is: in the expected document for correct, wrong and omitted fields
    /// (so array indices are stable across runs), in the reply for invented ones.
    public var pointer: JSONPointer
    /// The field across cases and array elements: the pointer with array indices replaced by
    /// `*` (`/line_items/*/amount`). Per-field scores aggregate by this.
    public var field: String
    /// The judgement.
    public var result: FieldResult
    /// The expected value, when there is one.
    public var expected: JSONValue?
    /// The reply's value, when there is one.
    public var actual: JSONValue?
    /// How the values were compared (``LeafComparison/name``).
    public var comparison: String
    /// Whether the field is critical, by the case's `critical` list or the schema's
    /// `x-eval: {"critical": true}`.
    public var isCritical: Bool

    /// Creates an outcome.
    public init(
        pointer: JSONPointer, field: String, result: FieldResult, expected: JSONValue?, actual: JSONValue?,
        comparison: String, isCritical: Bool = false
    ) {
        self.pointer = pointer
        self.field = field
        self.result = result
        self.expected = expected
        self.actual = actual
        self.comparison = comparison
        self.isCritical = isCritical
    }
}
