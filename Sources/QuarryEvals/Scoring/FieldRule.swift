import QuarrySchema

/// How one field, and the fields below it, are scored: inferred from its schema and adjusted
/// by `x-eval` annotations. Children are referred to by schema pointer and resolved on demand,
/// so recursive schemas are fine.
public struct FieldRule: Sendable, Hashable {
    /// How a value of this field (when it is a string, number, boolean or enum member) is judged.
    public var comparison: LeafComparison
    /// The schema of each named property, when the field is an object.
    public var properties: [String: JSONPointer]
    /// The schema of other properties, when the field is an object that allows them.
    public var additionalProperties: JSONPointer?
    /// The schema of the elements, when the field is an array.
    public var items: JSONPointer?
    /// How array elements are paired.
    public var matching: ArrayMatching
    /// Whether a regression of this field on any case fails the gate.
    public var isCritical: Bool

    /// Creates a rule.
    public init(
        comparison: LeafComparison = .normalized(.standard), properties: [String: JSONPointer] = [:],
        additionalProperties: JSONPointer? = nil, items: JSONPointer? = nil, matching: ArrayMatching = .assignment,
        isCritical: Bool = false
    ) {
        self.comparison = comparison
        self.properties = properties
        self.additionalProperties = additionalProperties
        self.items = items
        self.matching = matching
        self.isCritical = isCritical
    }

    /// The rule for a field with no schema: strings normalised, everything else JSON equality,
    /// arrays by best assignment.
    public static let unconstrained = FieldRule()

    /// The schema of the property `name`.
    public func schema(ofProperty name: String) -> JSONPointer? {
        properties[name] ?? additionalProperties
    }
}
