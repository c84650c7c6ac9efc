import QuarrySchema

/// A successful extraction: a value valid against its schema, and how it was obtained.
public struct Extraction<Value: Sendable>: Sendable {
    /// The extracted value, valid against the schema.
    public var value: Value
    /// The valid JSON the value was decoded from.
    public var json: JSONValue
    /// Every model call, in order.
    public var attempts: [Attempt]
    /// Tokens summed over all attempts.
    public var usage: TokenUsage
    /// Estimated cost in US dollars over all attempts, from the ``PriceTable``; `nil` when the
    /// model has no price.
    public var estimatedCost: Double?
    /// The canonical SHA-256 of the schema.
    public var schemaHash: String
    /// The provider and model that produced the value (the last in a fallback chain).
    public var provider: String
    /// The model that produced the value.
    public var model: String
    /// Where the result should go by confidence, when a ``ConfidencePolicy`` is set.
    public var route: ConfidenceRoute?

    /// Creates a result.
    public init(
        value: Value, json: JSONValue, attempts: [Attempt], usage: TokenUsage, estimatedCost: Double?,
        schemaHash: String, provider: String, model: String, route: ConfidenceRoute? = nil
    ) {
        self.value = value
        self.json = json
        self.attempts = attempts
        self.usage = usage
        self.estimatedCost = estimatedCost
        self.schemaHash = schemaHash
        self.provider = provider
        self.model = model
        self.route = route
    }

    /// Whether lenient parsing repaired the reply that produced the value.
    public var wasRepaired: Bool { !(attempts.last?.repairs.isEmpty ?? true) }

    /// The same extraction with another value (a decoded type instead of JSON).
    public func map<Other: Sendable>(_ transform: (Value) throws -> Other) rethrows -> Extraction<Other> {
        Extraction<Other>(
            value: try transform(value), json: json, attempts: attempts, usage: usage, estimatedCost: estimatedCost,
            schemaHash: schemaHash, provider: provider, model: model, route: route)
    }
}
