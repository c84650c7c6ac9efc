/// The outcome of validating one instance.
public struct ValidationResult: Sendable, Hashable {
    /// Every error found (or the first only, with ``SchemaOptions/stopsAtFirstError``), in
    /// evaluation order. Empty exactly when the instance is valid.
    public var errors: [ValidationError]

    /// Creates a result.
    public init(errors: [ValidationError]) {
        self.errors = errors
    }

    /// Whether the instance is valid.
    public var isValid: Bool { errors.isEmpty }

    /// The result in the JSON Schema *basic* output format:
    /// `{"valid": false, "errors": [{"keywordLocation", "absoluteKeywordLocation",
    /// "instanceLocation", "error"}, ...]}`.
    public var basicOutput: JSONValue {
        if errors.isEmpty { return ["valid": true] }
        return ["valid": false, "errors": .array(errors.map(\.basicOutputUnit))]
    }
}
