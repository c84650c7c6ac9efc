import QuarrySchema

/// Where a result should go, by confidence.
public enum ConfidenceRoute: String, Sendable, Hashable, Codable {
    /// Confident enough to use as is.
    case accept
    /// Worth a person's look.
    case review
    /// Too unsure to use.
    case reject
}

/// Routes results by a confidence score: read from a field the schema declares (a number in
/// `[0, 1]`), or computed by a scorer the caller supplies.
public struct ConfidencePolicy: Sendable {
    /// The pointer of the confidence field in the extracted JSON, if the schema has one.
    public var field: JSONPointer?
    /// A scorer used when there is no field (or it is missing).
    public var scorer: (@Sendable (JSONValue) -> Double?)?
    /// Scores at or above this are accepted. Default 0.85.
    public var acceptThreshold: Double
    /// Scores at or above this (and below ``acceptThreshold``) go to review; lower ones are
    /// rejected. Default 0.60.
    public var reviewThreshold: Double

    /// Creates a policy.
    public init(
        field: JSONPointer? = nil, scorer: (@Sendable (JSONValue) -> Double?)? = nil, acceptThreshold: Double = 0.85,
        reviewThreshold: Double = 0.60
    ) {
        self.field = field
        self.scorer = scorer
        self.acceptThreshold = acceptThreshold
        self.reviewThreshold = reviewThreshold
    }

    /// The confidence of `value`, or `nil` when neither the field nor the scorer gives one.
    public func score(_ value: JSONValue) -> Double? {
        if let field, let number = field.resolve(in: value)?.numberValue { return number.doubleValue }
        return scorer?(value)
    }

    /// The route of `value`; a value without a score goes to review.
    public func route(_ value: JSONValue) -> ConfidenceRoute {
        guard let score = score(value) else { return .review }
        if score >= acceptThreshold { return .accept }
        if score >= reviewThreshold { return .review }
        return .reject
    }
}
